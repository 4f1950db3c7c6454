-- photographs: the purposes a withdrawn consent took off a photo (teaching, publicity), comma-separated
ALTER TABLE photos ADD COLUMN withdrawn_purposes TEXT NOT NULL DEFAULT '';

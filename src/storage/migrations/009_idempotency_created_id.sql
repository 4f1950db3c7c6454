-- idempotency keys name the id their request created; keys kept from before request bodies were hashed are dropped
DELETE FROM idempotency_keys WHERE length(request_hash) <> 64 OR request_hash LIKE '{%';

ALTER TABLE idempotency_keys RENAME COLUMN response_body TO created_id;

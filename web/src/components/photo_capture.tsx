// Taking a photo with the device's camera (getUserMedia), with the baseline of the view laid
// over the live picture as a faint ghost so the face lines up the same way; or choosing a
// file. Either way the result is a JPEG or PNG file for the upload.
import { useEffect, useRef, useState } from 'preact/hooks';
import { Button, Notice } from './ui';

export function PhotoCapture({ ghostUrl, onFile }: { ghostUrl?: string; onFile: (file: Blob, preview: string) => void }) {
  const video = useRef<HTMLVideoElement>(null);
  const [stream, setStream] = useState<MediaStream>();
  const [error, setError] = useState<string>();
  const [ghost, setGhost] = useState(35);

  useEffect(() => () => stream?.getTracks().forEach((t) => t.stop()), [stream]);

  const start = async () => {
    setError(undefined);
    try {
      const s = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'user', width: { ideal: 4032 }, height: { ideal: 3024 } }, audio: false });
      setStream(s);
      if (video.current) {
        video.current.srcObject = s;
        await video.current.play();
      }
    } catch {
      setError('The camera could not be opened (no camera, or permission refused). Choose a photo file instead.');
    }
  };
  const take = () => {
    const v = video.current;
    if (!v || !v.videoWidth) return;
    const canvas = document.createElement('canvas');
    canvas.width = v.videoWidth;
    canvas.height = v.videoHeight;
    canvas.getContext('2d')!.drawImage(v, 0, 0);
    canvas.toBlob((blob) => { if (blob) onFile(blob, URL.createObjectURL(blob)); }, 'image/jpeg', 0.92);
    stream?.getTracks().forEach((t) => t.stop());
    setStream(undefined);
  };

  return (
    <div class="photo-capture">
      {error && <Notice tone="warning">{error}</Notice>}
      <div class="photo-capture__frame" hidden={!stream}>
        <video ref={video} muted playsInline aria-label="The camera's picture" />
        {ghostUrl && <img class="photo-capture__ghost" src={ghostUrl} alt="" style={{ opacity: ghost / 100 }} data-testid="ghost-overlay" />}
      </div>
      {stream ? (
        <>
          {ghostUrl && (
            <p>
              <label for="ghost-opacity">Baseline overlay</label>{' '}
              <input id="ghost-opacity" type="range" min="0" max="80" value={ghost} onInput={(e) => setGhost(Number((e.currentTarget as HTMLInputElement).value))} />
            </p>
          )}
          <Button type="button" onClick={take}>Take the photo</Button>
        </>
      ) : (
        <p class="photo-capture__choices">
          <Button type="button" variant="secondary" onClick={() => void start()}>Use the camera</Button>
          <label class="btn btn--secondary">
            Choose a photo file
            <input type="file" accept="image/jpeg,image/png" class="visually-hidden" data-testid="photo-file"
              onChange={(e) => {
                const file = (e.currentTarget as HTMLInputElement).files?.[0];
                if (file) onFile(file, URL.createObjectURL(file));
              }} />
          </label>
        </p>
      )}
    </div>
  );
}

// The clinic's cartridge catalogue (admin): the device and lot of each box of cartridges, with
// its use-by date. Once the catalogue holds a lot, a session chart must name one of its lots
// not expired on the session day, so a recall finds every patient treated with a lot.
import { useState } from 'preact/hooks';
import { api } from '../../api/endpoints';
import type { DeviceLot } from '../../api/types';
import { Button, Loading, Notice, TextField } from '../../components/ui';
import { generalMessage } from '../../lib/field_errors';
import { useLoad } from '../../lib/hooks';
import { formatDate } from '../../lib/labels';
import { useSubmit } from '../../lib/submit';

const F = 'lot';

export function CartridgeLotsSection() {
  const list = useLoad(() => api.deviceLots(), []);
  const [added, setAdded] = useState<DeviceLot[]>([]);
  const [input, setInput] = useState({ device: '', lot: '', expires_on: '' });
  const [done, setDone] = useState<string>();
  const form = useSubmit({ fields: ['device', 'lot', 'expires_on'] });
  const { errors, busy, clear } = form;
  const items = [...(list.data?.items ?? []), ...added.filter((a) => !list.data?.items.some((l) => l.id === a.id))];
  const set = (k: keyof typeof input) => (v: string) => { clear(k); setDone(undefined); setInput({ ...input, [k]: v }); };

  const submit = (e: Event) => {
    e.preventDefault();
    const local: Record<string, string> = {};
    if (!input.device.trim()) local.device = 'Enter the cartridge or pen model, as charted (e.g. the device’s name).';
    if (!input.lot.trim()) local.lot = 'Enter the lot number printed on the box.';
    if (input.expires_on && !/^\d{4}-\d{2}-\d{2}$/.test(input.expires_on)) local.expires_on = 'Enter the use-by date.';
    if (!form.check(local)) return;
    return form.run(async () => {
      const lot = await api.addDeviceLot({ device: input.device.trim(), lot: input.lot.trim(), expires_on: input.expires_on || null });
      setAdded((a) => [...a, lot]);
      setDone(`Lot ${lot.lot} of ${lot.device} is in the catalogue.`);
      setInput({ device: input.device, lot: '', expires_on: '' });
      return 'lot-added';
    });
  };

  return (
    <section class="card" aria-labelledby="lots-h">
      <h2 id="lots-h">Cartridge catalogue</h2>
      <p class="muted">Once a lot is listed here, every session chart names a listed lot not past its use-by date, so a recall finds each patient treated with it.</p>
      {list.loading && !list.data && <Loading />}
      {list.error !== undefined && <Notice tone="error">{generalMessage(list.error)}</Notice>}
      {list.data && (items.length === 0 ? <p class="muted">No lots listed: charts may name any lot.</p> : (
        <div class="table-wrap">
          <table class="table table--stack" data-testid="lots">
            <thead><tr><th scope="col">Device</th><th scope="col">Lot</th><th scope="col">Use by</th></tr></thead>
            <tbody>
              {items.map((l) => (
                <tr key={l.id}><td>{l.device}</td><th scope="row">{l.lot}</th><td>{l.expires_on ? formatDate(l.expires_on) : '–'}</td></tr>
              ))}
            </tbody>
          </table>
        </div>
      ))}
      <form onSubmit={submit} noValidate aria-label="Add a cartridge lot">
        {errors[''] && <Notice tone="error">{errors['']}</Notice>}
        <div class="form-grid">
          <TextField form={F} path="device" label="Device" value={input.device} onValue={set('device')} error={errors.device} />
          <TextField form={F} path="lot" label="Lot number" value={input.lot} onValue={set('lot')} error={errors.lot} />
          <TextField form={F} path="expires_on" label="Use by (optional)" type="date" value={input.expires_on} onValue={set('expires_on')} error={errors.expires_on} />
        </div>
        {done && <Notice tone="success" id="lot-added">{done}</Notice>}
        <Button type="submit" busy={busy} busyLabel="Adding…">Add the lot</Button>
      </form>
    </section>
  );
}

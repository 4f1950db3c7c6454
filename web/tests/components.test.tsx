import { afterEach, describe, expect, it, vi } from 'vitest';
import { render } from 'preact';
import { TextField } from '../src/components/ui';
import { FaceZonePicker } from '../src/components/face_zones';
import { HoursEditor } from '../src/components/hours_editor';
import { emptyHours } from '../src/lib/weekly_hours';

let root: HTMLElement;
afterEach(() => {
  render(null, root);
  root.remove();
});
function mount(vnode: preact.VNode) {
  root = document.createElement('div');
  document.body.append(root);
  render(vnode, root);
  return root;
}

describe('TextField', () => {
  it('labels the input and ties the error to it', () => {
    const el = mount(<TextField form="patient" path="birth_date" label="Date of birth" value="2030-01-01" onValue={() => undefined} error="Is in the future." />);
    const input = el.querySelector('input')!;
    expect(el.querySelector(`label[for="${input.id}"]`)?.textContent).toBe('Date of birth');
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(input.getAttribute('aria-describedby')!)?.textContent).toBe('Is in the future.');
    expect(input.value).toBe('2030-01-01');
  });
});

describe('FaceZonePicker', () => {
  it('is a set of toggle buttons that report the zone', () => {
    const onToggle = vi.fn();
    const el = mount(<FaceZonePicker selected={['cheek_left']} onToggle={onToggle} counts={{ cheek_left: 12 }} />);
    const buttons = [...el.querySelectorAll('button')];
    expect(buttons).toHaveLength(10);
    const cheek = buttons.find((b) => b.textContent?.startsWith('Left cheek'))!;
    expect(cheek.getAttribute('aria-pressed')).toBe('true');
    expect(cheek.textContent).toContain('12 scars');
    buttons.find((b) => b.textContent === 'Chin')!.click();
    expect(onToggle).toHaveBeenCalledWith('chin');
  });
});

describe('HoursEditor', () => {
  it('labels each time with its day, ties the span\'s error to both inputs, and edits by span path', () => {
    const value = { ...emptyHours(), mon: [{ from: '09:00', to: '12:10' }, { from: '13:00', to: '17:00' }] };
    const onChange = vi.fn();
    const el = mount(<HoursEditor form="clinic" field="opening_hours" legend="Weekly opening hours" value={value}
      errors={{ 'opening_hours.mon[0]': 'Times must be on the quarter hour.' }} onChange={onChange} />);
    const inputs = [...el.querySelectorAll('input')];
    expect(inputs).toHaveLength(4);
    expect(inputs.map((i) => i.closest('label')!.textContent)).toEqual([
      'Monday, hours 1: From', 'Monday, hours 1: Until', 'Monday, hours 2: From', 'Monday, hours 2: Until',
    ]);
    for (const input of inputs.slice(0, 2)) {
      expect(input.getAttribute('aria-invalid')).toBe('true');
      expect(document.getElementById(input.getAttribute('aria-describedby')!)?.textContent).toBe('Times must be on the quarter hour.');
    }
    expect(inputs[2].hasAttribute('aria-describedby')).toBe(false);
    expect(el.textContent).toContain('Closed'); // the days without hours

    inputs[1].value = '12:15';
    inputs[1].dispatchEvent(new Event('input', { bubbles: true }));
    expect(onChange).toHaveBeenLastCalledWith({ ...value, mon: [{ from: '09:00', to: '12:15' }, value.mon[1]] }, 'opening_hours.mon[0]');

    const add = [...el.querySelectorAll('button')].find((b) => b.textContent === 'Add hours on Tuesday')!;
    add.click();
    expect(onChange).toHaveBeenLastCalledWith({ ...value, tue: [{ from: '09:00', to: '17:00' }] }, 'opening_hours.tue');
    const remove = [...el.querySelectorAll('button')].find((b) => b.getAttribute('aria-label') === 'Remove Monday 13:00–17:00')!;
    remove.click();
    expect(onChange).toHaveBeenLastCalledWith({ ...value, mon: [value.mon[0]] }, 'opening_hours.mon[1]');
  });
});

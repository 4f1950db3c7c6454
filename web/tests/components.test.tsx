import { afterEach, describe, expect, it, vi } from 'vitest';
import { render } from 'preact';
import { TextField } from '../src/components/ui';
import { FaceZonePicker } from '../src/components/face_zones';

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

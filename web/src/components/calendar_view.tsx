// The clinic calendar (Event Calendar, MIT): day or week, optionally one column per
// practitioner or room. The library (about 100 kB with its Svelte runtime) loads on first
// use, so pages without a calendar never download it.
//
// Accessibility: the library marks its grid up as a table whose children are not all rows
// (its toolbar, scroll boxes and event layers sit in between), which assistive technology
// cannot read as a table. The grid is kept as a visual layout (its roles and the labels on
// non-interactive elements are removed as it renders), its bookings stay buttons a keyboard
// reaches (Enter opens them), and the page lists the same bookings as text beside it.
import { useEffect, useRef } from 'preact/hooks';
import type { CalendarEvent, GroupBy } from '../lib/calendar_events';

const LAYOUT_ROLES = new Set(['table', 'rowgroup', 'row', 'cell', 'gridcell', 'columnheader', 'rowheader', 'list', 'listitem']);
const INTERACTIVE = 'a[href], button, input, select, textarea, [role="button"], [tabindex], dialog';

/** Takes the table semantics the library puts on its layout off `root` (idempotent: safe to run on every change). */
export function flattenCalendarSemantics(root: HTMLElement): void {
  for (const el of root.querySelectorAll<HTMLElement>('[role], [aria-colindex], [aria-colspan], [aria-rowindex], [aria-label]')) {
    const role = el.getAttribute('role');
    if (role && LAYOUT_ROLES.has(role)) el.removeAttribute('role');
    for (const attr of ['aria-colindex', 'aria-colspan', 'aria-rowindex']) if (el.hasAttribute(attr)) el.removeAttribute(attr);
    if (el.hasAttribute('aria-label') && !el.hasAttribute('role') && !el.matches(INTERACTIVE)) el.removeAttribute('aria-label');
  }
}

export function CalendarView({ events, groupBy, resources, span, date, onPick }: {
  events: CalendarEvent[];
  groupBy: GroupBy;
  resources: { id: number; name: string }[];
  span: 'day' | 'week' | 'month';
  date: string;
  onPick?: (id: string) => void;
}) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    let live = true;
    let destroy = () => {};
    Promise.all([import('@event-calendar/core'), import('@event-calendar/core/index.css')]).then(([ec]) => {
      if (!live) return;
      const calendar = mount(ec, el);
      flattenCalendarSemantics(el);
      const observer = new MutationObserver(() => flattenCalendarSemantics(el));
      observer.observe(el, { subtree: true, childList: true, attributes: true, attributeFilter: ['role', 'aria-label', 'aria-colindex', 'aria-colspan'] });
      destroy = () => {
        observer.disconnect();
        void ec.destroyCalendar(calendar);
      };
    });
    return () => {
      live = false;
      destroy();
    };
  }, [events, groupBy, resources, span, date, onPick]);

  function mount(ec: typeof import('@event-calendar/core'), el: HTMLElement) {
    const grouped = groupBy !== 'none';
    const view = span === 'month' ? 'dayGridMonth' : `${grouped ? 'resourceTimeGrid' : 'timeGrid'}${span === 'day' ? 'Day' : 'Week'}`;
    const calendar = ec.createCalendar(el, [ec.TimeGrid, ec.ResourceTimeGrid, ec.DayGrid], {
      view,
      date,
      events,
      resources: grouped ? resources.map((r) => ({ id: String(r.id), title: r.name })) : [],
      headerToolbar: { start: '', center: 'title', end: '' },
      locale: 'en-GB',
      firstDay: 1,
      slotLabelFormat: { hour: '2-digit', minute: '2-digit', hour12: false },
      eventTimeFormat: { hour: '2-digit', minute: '2-digit', hour12: false },
      slotMinTime: '07:00:00',
      slotMaxTime: '20:00:00',
      allDaySlot: false,
      height: 'auto',
      eventClick: onPick ? (info: { event: { id: string | number } }) => onPick(String(info.event.id)) : undefined,
    } as never);
    el.dataset.ready = 'true';
    return calendar;
  }
  return <div ref={box} id="calendar" class="calendar" role="region" aria-label="Calendar of bookings" />;
}

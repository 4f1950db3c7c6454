// The clinic calendar (Event Calendar, MIT): day or week, optionally one column per
// practitioner or room. A third-party widget: accessibility findings inside it are tracked
// separately from our own pages. The library (about 100 kB with its Svelte runtime) loads
// on first use, so pages without a calendar never download it.
import { useEffect, useRef } from 'preact/hooks';
import type { CalendarEvent, GroupBy } from '../lib/calendar_events';

export function CalendarView({ events, groupBy, resources, span, date, onPick }: {
  events: CalendarEvent[];
  groupBy: GroupBy;
  resources: { id: number; name: string }[];
  span: 'day' | 'week';
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
      destroy = () => void ec.destroyCalendar(calendar);
    });
    return () => {
      live = false;
      destroy();
    };
  }, [events, groupBy, resources, span, date, onPick]);

  function mount(ec: typeof import('@event-calendar/core'), el: HTMLElement) {
    const grouped = groupBy !== 'none';
    const view = `${grouped ? 'resourceTimeGrid' : 'timeGrid'}${span === 'day' ? 'Day' : 'Week'}`;
    const calendar = ec.createCalendar(el, [ec.TimeGrid, ec.ResourceTimeGrid], {
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
  return <div ref={box} id="calendar" class="calendar" />;
}

// The clinic calendar (Event Calendar, MIT): day or week, optionally one column per
// practitioner or room. A third-party widget: accessibility findings inside it are tracked
// separately from our own pages.
import { useEffect, useRef } from 'preact/hooks';
import { createCalendar, destroyCalendar, ResourceTimeGrid, TimeGrid } from '@event-calendar/core';
import '@event-calendar/core/index.css';
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
    if (!box.current) return;
    const grouped = groupBy !== 'none';
    const view = `${grouped ? 'resourceTimeGrid' : 'timeGrid'}${span === 'day' ? 'Day' : 'Week'}`;
    const calendar = createCalendar(box.current, [TimeGrid, ResourceTimeGrid], {
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
    box.current.dataset.ready = 'true';
    return () => void destroyCalendar(calendar);
  }, [events, groupBy, resources, span, date, onPick]);
  return <div ref={box} id="calendar" class="calendar" />;
}

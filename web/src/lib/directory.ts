// Names for the ids an appointment carries: patients (one GET each, for the few in view),
// practitioners and rooms (one list each).
import { api } from '../api/endpoints';
import type { Resource } from '../api/types';
import { fullName } from './records';
import { namesById } from './scheduling';

/** Patient id → "Given Family" for each distinct id; a patient that cannot be read shows as "Patient #id". */
export async function patientNames(ids: Iterable<number>): Promise<Map<number, string>> {
  const unique = [...new Set(ids)];
  const names = await Promise.all(unique.map((id) => api.patient(id).then(fullName, () => `Patient #${id}`)));
  return new Map(unique.map((id, i) => [id, names[i]]));
}

export interface ClinicResources {
  practitioners: Resource[];
  rooms: Resource[];
  practitionerNames: Map<number, string>;
  roomNames: Map<number, string>;
}

/** The clinic's practitioners and rooms, with id → name maps. */
export async function clinicResources(): Promise<ClinicResources> {
  const [practitioners, rooms] = await Promise.all([api.practitioners(), api.rooms()]);
  return {
    practitioners: practitioners.items, rooms: rooms.items,
    practitionerNames: namesById(practitioners.items), roomNames: namesById(rooms.items),
  };
}

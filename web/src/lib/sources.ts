// Protocol sources as clinicians read them: the part of the clinic's protocol and the section
// of the clinical reference a rule comes from, linked to the reference page (/reference),
// never a file name. Patients never get sources at all (the server leaves them out).

/** The protocol parts a source may name, by the file that holds them, with their anchor on /reference. */
export const PROTOCOL_PARTS: { file: string; anchor: string; title: string; covers: string }[] = [
  { file: 'screening', anchor: 'screening', title: 'Screening', covers: 'The questions asked before a plan and before each session, and the rules that decide: proceed, proceed with precautions, defer or not suitable.' },
  { file: 'planning', anchor: 'planning', title: 'Planning', covers: 'Sessions, interval, needle depths per zone, skin priming, expected improvement and recommendations of a treatment plan.' },
  { file: 'aftercare', anchor: 'aftercare', title: 'Aftercare', covers: 'What a patient may do again after a session, and from when.' },
  { file: 'recovery', anchor: 'recovery', title: 'Recovery', covers: 'The expected course after a session, the check-in schedule, the alerts a check-in raises and what the patient is told.' },
  { file: 'ingredients', anchor: 'ingredients', title: 'Ingredients', covers: 'The ingredient categories the product checker flags, and for how long.' },
  { file: 'faq', anchor: 'faq', title: 'Patients\' questions', covers: 'The answers patients read in the portal.' },
  { file: 'scoring', anchor: 'scoring', title: 'Scoring', covers: 'The Goodman & Baron scales.' },
  { file: 'protocol', anchor: 'protocol', title: 'Protocol', covers: 'The protocol\'s name and version.' },
];

/** A source with its file names as words: "planning.yaml (sessions)" → "planning protocol (sessions)", "REFERENCE.md §e3" → "clinical reference §e3". */
export function readableSource(source: string): string {
  return source
    .replace(/\b([a-z_]+)\.ya?ml\b/g, (_, file: string) => `${file.replace(/_/g, ' ')} protocol`)
    .replace(/\bREFERENCE\.md\b/g, 'clinical reference');
}

/** Where on /reference a source points: the first protocol part it names, else the clinical reference. */
export function sourceAnchor(source: string): string {
  const file = /\b([a-z_]+)\.ya?ml\b/.exec(source)?.[1];
  const part = PROTOCOL_PARTS.find((p) => p.file === file);
  return part ? part.anchor : 'clinical-reference';
}

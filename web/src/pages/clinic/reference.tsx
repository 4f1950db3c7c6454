// The protocol reference (staff): what each part of the clinic's protocol governs, and how its
// sources cite the clinical reference. Every source shown in the workspace links here, to the
// part it names, instead of showing a file name.
import { api } from '../../api/endpoints';
import { PageHeader } from '../../components/ui';
import { useLoad } from '../../lib/hooks';
import { PROTOCOL_PARTS } from '../../lib/sources';

const REFERENCE_SECTIONS: [string, string][] = [
  ['§a', 'Grading scales (Goodman & Baron qualitative and quantitative, ECCA)'],
  ['§b', 'Scar types and how they respond to microneedling'],
  ['§c', 'Protocol parameters used in practice and trials (depths, intervals, pre-treatment in dark skin)'],
  ['§d', 'Contraindications and precautions'],
  ['§e', 'The course after a session (e1), resuming products and activities (e2), warning signs (e3)'],
  ['§f', 'Factors that change the outcome'],
  ['Part 2', 'Ingredients after microneedling: evidence, waits, categories, how ingredient lists are written'],
];

export function ReferencePage() {
  const protocol = useLoad(() => api.protocolQuestions(), []);
  const id = protocol.data?.protocol;
  return (
    <>
      <PageHeader title="Protocol reference" subtitle={id ? `${id.name}, version ${id.version}` : 'The clinic\'s treatment protocol and its sources.'} />
      <section class="card" aria-labelledby="parts-h">
        <h2 id="parts-h">Parts of the protocol</h2>
        <p>Every number and sentence the software applies is protocol data with a source. A rule marked <em>unverified</em> is a team choice or one the clinical reference cannot confirm: check it before relying on it.</p>
        <dl class="reference-parts">
          {PROTOCOL_PARTS.map((p) => (
            <div key={p.anchor} id={p.anchor}>
              <dt><strong>{p.title}</strong></dt>
              <dd>{p.covers}</dd>
            </div>
          ))}
        </dl>
      </section>
      <section class="card" aria-labelledby="clinical-reference">
        <h2 id="clinical-reference">Clinical reference</h2>
        <p>Sources cite the clinic's clinical reference by section, and the studies and pages it summarises by author and year.</p>
        <dl class="reference-parts">
          {REFERENCE_SECTIONS.map(([section, title]) => (
            <div key={section}><dt><strong>{section}</strong></dt><dd>{title}</dd></div>
          ))}
        </dl>
      </section>
    </>
  );
}

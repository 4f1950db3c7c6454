// The patient's own photographs: before and after per view, the later ones aligned to the
// baseline.
import { api } from '../../api/endpoints';
import { PhotoComparison } from '../../components/photo_compare';
import { Loading, Notice, PageHeader } from '../../components/ui';
import { generalMessage } from '../../lib/field_errors';
import { useLoad } from '../../lib/hooks';
import { seriesByView } from '../../lib/photos';
import { useSession } from '../../lib/session';

export function PortalPhotosPage() {
  const { user } = useSession();
  const loaded = useLoad(() => Promise.all([api.photoViews(), api.photos(user.patient_id!)]), [user.patient_id]);
  if (loaded.loading) return <Loading />;
  if (loaded.error !== undefined) return <Notice tone="error">{generalMessage(loaded.error)}</Notice>;
  const [views, photos] = loaded.data!;
  const series = seriesByView(photos.items, views.items.map((v) => v.code));
  return (
    <>
      <PageHeader title="Your photographs" subtitle="Only you and the clinicians treating you can see them." />
      {series.length === 0 ? <p class="muted">No photographs yet.</p>
        : series.map((s) => <PhotoComparison key={s.view} series={s} views={views.items} />)}
    </>
  );
}

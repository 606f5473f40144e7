// The model versions a workspace's settings ask for, read from the database once per version.
import { readFresh } from '@/services/db/client';
import { decodeArtifact } from '@/ml/recsys/artifact';
import { SparseRanker } from '@/ml/recsys/serve';
import type { RecSettingsView } from '../get-rec-settings';
import type { LoadedModel } from './types';

/** The versions serving needs (active, and the A/B pair when on); those in `current` are reused. */
export async function loadModels(workspaceId: string, settings: RecSettingsView, current: Map<number, LoadedModel>): Promise<Map<number, LoadedModel>> {
  const wanted = new Set<number>();
  if (settings.activeVersion) wanted.add(settings.activeVersion);
  if (settings.ab.enabled) for (const v of [settings.ab.versionA, settings.ab.versionB]) if (v) wanted.add(v);
  const out = new Map<number, LoadedModel>();
  for (const version of wanted) {
    const have = current.get(version);
    if (have) {
      out.set(version, have);
      continue;
    }
    // From the replica when there is one; a version trained a moment ago may not be there yet.
    const row = await readFresh(
      (client) => client.recModelVersion.findUnique({ where: { workspaceId_version: { workspaceId, version } }, select: { artifact: true } }),
      (found) => !!found?.artifact,
    );
    if (!row?.artifact) continue;
    const artifact = decodeArtifact(row.artifact);
    const index = new Map(artifact.itemIds.map((id, i) => [id, i]));
    out.set(version, { version, artifact, index, view: null, ranker: new SparseRanker(artifact.model), empty: null });
  }
  return out;
}

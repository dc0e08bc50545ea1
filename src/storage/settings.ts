import type { LabDb } from './db';
import { attempt, type StorageResult } from './errors';
import type { KnownSettings } from './types';

/** Small key/value settings (last open graph, backend choice…), typed by KnownSettings. */
export class SettingsRepo {
  constructor(private readonly db: LabDb) {}

  get<K extends keyof KnownSettings>(key: K): Promise<StorageResult<KnownSettings[K] | undefined>> {
    return attempt('read a setting', async () => (await this.db.settings.get(key))?.value as KnownSettings[K] | undefined);
  }

  set<K extends keyof KnownSettings>(key: K, value: KnownSettings[K]): Promise<StorageResult<void>> {
    return attempt('save a setting', async () => {
      await this.db.settings.put({ key, value });
    });
  }

  remove(key: keyof KnownSettings): Promise<StorageResult<void>> {
    return attempt('remove a setting', () => this.db.settings.delete(key));
  }
}

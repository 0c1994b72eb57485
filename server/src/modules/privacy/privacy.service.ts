import type { DataSource } from 'typeorm';
import type { Clock } from '../../core/clock';
import type { User, UsersService } from '../users';
import { AccountDeletionService, DeletionSummary } from './account-deletion.service';
import { ConsentSource, ConsentSubject } from './consent-log.entity';
import { ConsentLogService } from './consent-log.service';
import { DataExportService } from './data-export.service';
import { DataRightsRequest, DataRightsRequestType } from './data-rights-request.entity';
import { DataRightsService } from './data-rights.service';

/** The data rights of seed 001 §8 and seed 000 §6, each one a real operation. */
export class PrivacyService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly users: UsersService,
    readonly consents: ConsentLogService,
    readonly requests: DataRightsService,
    private readonly exporter: DataExportService,
    private readonly deletion: AccountDeletionService,
  ) {}

  /** Right of access and portability; every export is recorded as a completed request first. */
  async exportData(userId: string): Promise<Record<string, unknown>> {
    await this.requests.record(userId, DataRightsRequestType.EXPORT);
    return this.exporter.build(userId);
  }

  deleteAccount(userId: string, password: string): Promise<DeletionSummary> {
    return this.deletion.deleteAccount(userId, password);
  }

  /**
   * Right to restrict processing: while on, every vision call answers PROCESSING_RESTRICTED and
   * only essential mail goes out. Each change is logged and recorded as a request.
   */
  async setProcessingRestricted(userId: string, restricted: boolean): Promise<User> {
    await this.dataSource.transaction(async (manager) => {
      const [changed] = await manager.query(
        `UPDATE users SET processing_restricted = $2, updated_at = $3
         WHERE id = $1 AND deleted_at IS NULL AND processing_restricted <> $2 RETURNING id`,
        [userId, restricted, this.clock.now()],
      );
      if (changed.length === 0) return; // already in that state: nothing to record
      await this.consents.record(userId, [{ subject: ConsentSubject.PROCESSING_RESTRICTED, enabled: restricted }], ConsentSource.SETTINGS, manager);
      await this.requests.record(userId, DataRightsRequestType.RESTRICT, { details: restricted ? 'Processing restricted' : 'Restriction lifted' }, manager);
    });
    return this.users.getById(userId);
  }

  /** Right to object: an open request an administrator answers within 30 days. */
  fileObjection(userId: string, message: string): Promise<DataRightsRequest> {
    return this.requests.fileObjection(userId, message);
  }

  /** Rectification happens in UsersService.updateProfile; this records that it happened. */
  async recordRectification(userId: string, changedFields: string[]): Promise<void> {
    await this.requests.record(userId, DataRightsRequestType.RECTIFY, { details: `Changed: ${changedFields.join(', ')}` });
  }
}

import { defineModule } from '../../core/module';
import { CreateRetentionRuns1764000003500 } from './migrations/1764000003500-CreateRetentionRuns';
import { startRetentionScheduler } from './retention.module';
import { RetentionNeeds, RetentionService } from './retention.service';

export { RETENTION } from './retention-policy';
export { RetentionService } from './retention.service';

export const retentionModule = defineModule({
  name: 'retention',
  purpose: 'The one retention scheduler: purges by the privacy policy’s periods, one process at a time',
  migrations: [CreateRetentionRuns1764000003500],
  services: (s: RetentionNeeds) => ({ retention: new RetentionService(s) }),
  initializers: [startRetentionScheduler],
});

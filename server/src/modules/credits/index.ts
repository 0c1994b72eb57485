import type { Platform } from '../../core/module';
import { defineModule } from '../../core/module';
import { CreditsResolver } from './credits.resolver';
import { CreditsService } from './credits.service';
import { LedgerEntry } from './ledger-entry.entity';
import { CreateCreditLedger1764000000100 } from './migrations/1764000000100-CreateCreditLedger';
import { OrderLedgerByCommit1764000006000 } from './migrations/1764000006000-OrderLedgerByCommit';

export { AdjustCreditsInput } from './credits.inputs';
export { CreditsService, insufficientCredits } from './credits.service';
export { LedgerEntry, LedgerReason } from './ledger-entry.entity';

export const creditsModule = defineModule({
  name: 'credits',
  purpose: 'The credit balance and its ledger: every change is a ledger row in the balance’s transaction',
  entities: [LedgerEntry],
  migrations: [CreateCreditLedger1764000000100, OrderLedgerByCommit1764000006000],
  services: ({ dataSource }: Pick<Platform, 'dataSource'>) => ({ credits: new CreditsService(dataSource) }),
  resolvers: [CreditsResolver],
});

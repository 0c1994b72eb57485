import { Args, Authorized, Ctx, ObjectType, Query, Resolver } from 'type-graphql';
import type { RequestContext } from '../../core/context';
import { PageArgs, PageOf, decodeSequenceCursor, encodeSequenceCursor, toPage } from '../../graphql/pagination';
import type { CreditsService } from './credits.service';
import { LedgerEntry } from './ledger-entry.entity';

@ObjectType()
export class LedgerPage extends PageOf(LedgerEntry) {}

@Resolver()
export class CreditsResolver {
  constructor(private readonly services: { credits: CreditsService }) {}

  @Authorized()
  @Query(() => LedgerPage, { description: 'My credit ledger, newest first (in the order the changes applied)' })
  async creditLedger(@Args() { first, after }: PageArgs, @Ctx() ctx: RequestContext): Promise<LedgerPage> {
    const rows = await this.services.credits.history(ctx.viewer!.userId, first + 1, decodeSequenceCursor(after));
    return toPage(rows, first, (row) => encodeSequenceCursor(row.seq));
  }

  // adjustCredits lives in the admin module (AdminResolver): it writes the audit log in the same transaction.
}


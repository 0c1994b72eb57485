import { Args, Authorized, Ctx, ObjectType, Query, Resolver } from 'type-graphql';
import type { RequestContext } from '../../core/context';
import type { CreditsService } from './credits.service';
import { PageArgs, PageOf, decodeCursor, toPage } from '../../graphql/pagination';
import { LedgerEntry } from './ledger-entry.entity';

@ObjectType()
export class LedgerPage extends PageOf(LedgerEntry) {}

@Resolver()
export class CreditsResolver {
  constructor(private readonly services: { credits: CreditsService }) {}

  @Authorized()
  @Query(() => LedgerPage, { description: 'My credit ledger, newest first' })
  async creditLedger(@Args() { first, after }: PageArgs, @Ctx() ctx: RequestContext): Promise<LedgerPage> {
    const rows = await this.services.credits.history(ctx.viewer!.userId, first + 1, decodeCursor(after));
    return toPage(rows, first);
  }

  // adjustCredits lives in the admin module (AdminResolver): it writes the audit log in the same transaction.
}


import DataLoader from 'dataloader';
import { Arg, Args, Authorized, Ctx, FieldResolver, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { In } from 'typeorm';
import type { RequestContext } from '../../core/context';
import type { DataSource } from 'typeorm';
import { SESSION_ONLY } from '../../graphql/auth-checker';
import { IdArgs } from '../../graphql/id-args';
import { decodeUuidCursor, toPage } from '../../graphql/pagination';
import { entityRows } from '../../db/entity-rows';
import { ApiToken } from '../api-tokens';
import { Payment } from '../billing';
import { ContactMessage } from '../contact';
import { AdjustCreditsInput, LedgerEntry } from '../credits';
import { ConsumptionLogView } from '../metering';
import { DataRightsRequest, DataRightsRequestPage, ResolveDataRightsRequestInput } from '../privacy';
import { Role } from '../users';
import {
  AdminDataRightsRequestsArgs,
  AuditLogArgs,
  ContactMessagesArgs,
  MarkContactMessageHandledArgs,
  SetUserDisabledArgs,
  UserSearchArgs,
} from './admin.inputs';
import { AdminService, actorOf } from './admin.service';
import type { AuditService } from './audit.service';
import type { ContactService } from '../contact';
import type { CreditsService } from '../credits';
import type { ConsumptionLogsService } from '../metering';
import type { PrivacyService } from '../privacy';
import { AdminUser, AdminUserPage, AuditLogPage, ContactMessagePage } from './admin.types';

/** Every operation here is for administrators signed in to the dashboard (not API tokens). */
const ADMIN_ONLY = [Role.ADMIN, SESSION_ONLY] as const;
const NESTED_DEFAULT = 20;
const NESTED_MAX = 200;

const nestedLimit = (first: number) => Math.min(Math.max(1, first), NESTED_MAX);

@Resolver(() => AdminUser)
export class AdminResolver {
  /** Per-request loaders: a page of users asks for its tokens in one query. */
  private readonly tokenLoaders = new WeakMap<RequestContext, DataLoader<string, ApiToken[]>>();
  private readonly paymentLoaders = new WeakMap<RequestContext, Map<number, DataLoader<string, Payment[]>>>();

  constructor(private readonly services: {
    dataSource: DataSource;
    admin: AdminService;
    audit: AuditService;
    credits: CreditsService;
    contact: ContactService;
    consumptionLogs: ConsumptionLogsService;
    privacy: PrivacyService;
  }) {}

  @Authorized(ADMIN_ONLY)
  @Query(() => AdminUserPage, { description: 'Admin: accounts, newest first' })
  async users(@Args() { search, first, after }: UserSearchArgs): Promise<AdminUserPage> {
    const rows = await this.services.admin.searchUsers(search, first + 1, decodeUuidCursor(after));
    const page = toPage(rows, first);
    return { nodes: page.nodes.map(AdminUser.of), pageInfo: page.pageInfo };
  }

  @Authorized(ADMIN_ONLY)
  @Query(() => AdminUser, { description: 'Admin: one account with its ledger, payments, consumption and token metadata' })
  async user(@Args() { id }: IdArgs, @Ctx() ctx: RequestContext): Promise<AdminUser> {
    return AdminUser.of(await this.services.admin.viewUser(actorOf(ctx), id));
  }

  @Authorized(ADMIN_ONLY)
  @Mutation(() => LedgerEntry, { description: 'Admin: grant or take credits, written to the ledger and the audit log' })
  adjustCredits(@Arg('input') input: AdjustCreditsInput, @Ctx() ctx: RequestContext): Promise<LedgerEntry> {
    return this.services.admin.adjustCredits(actorOf(ctx), input);
  }

  @Authorized(ADMIN_ONLY)
  @Mutation(() => AdminUser, { description: "Admin: a disabled account's sessions and API tokens stop at once" })
  async setUserDisabled(@Args() { userId, disabled }: SetUserDisabledArgs, @Ctx() ctx: RequestContext): Promise<AdminUser> {
    return AdminUser.of(await this.services.admin.setUserDisabled(actorOf(ctx), userId, disabled));
  }

  @Authorized(ADMIN_ONLY)
  @Query(() => ContactMessagePage, { description: 'Admin: contact form messages, newest first' })
  async contactMessages(@Args() { onlyOpen, first, after }: ContactMessagesArgs): Promise<ContactMessagePage> {
    return toPage(await this.services.contact.list(first + 1, decodeUuidCursor(after), onlyOpen), first);
  }

  @Authorized(ADMIN_ONLY)
  @Mutation(() => ContactMessage, { description: 'Admin: mark a contact message handled (or reopen it)' })
  markContactMessageHandled(@Args() { id, handled }: MarkContactMessageHandledArgs, @Ctx() ctx: RequestContext): Promise<ContactMessage> {
    return this.services.admin.setContactMessageHandled(actorOf(ctx), id, handled);
  }

  @Authorized(ADMIN_ONLY)
  @Query(() => DataRightsRequestPage, { description: 'Admin: data-rights requests; OPEN ones oldest first with their 30-day deadline' })
  async dataRightsRequests(@Args() { status, first, after }: AdminDataRightsRequestsArgs): Promise<DataRightsRequestPage> {
    return toPage(await this.services.privacy.requests.list(status ?? null, first + 1, decodeUuidCursor(after)), first);
  }

  @Authorized(ADMIN_ONLY)
  @Mutation(() => DataRightsRequest, { description: 'Admin: answer an open request (COMPLETED or REJECTED)' })
  resolveDataRightsRequest(@Arg('input') input: ResolveDataRightsRequestInput, @Ctx() ctx: RequestContext): Promise<DataRightsRequest> {
    return this.services.admin.resolveDataRightsRequest(actorOf(ctx), input);
  }

  @Authorized(ADMIN_ONLY)
  @Query(() => AuditLogPage, { description: 'Admin: the audit log, newest first' })
  async auditLog(@Args() { actorId, targetId, action, first, after }: AuditLogArgs): Promise<AuditLogPage> {
    return toPage(await this.services.audit.list({ actorId, targetId, action }, first + 1, decodeUuidCursor(after)), first);
  }

  // ---- nested fields of AdminUser (only reachable through the admin queries above) ----

  @FieldResolver(() => [LedgerEntry], { description: 'Newest first' })
  ledger(@Root() user: AdminUser, @Arg('first', () => Int, { defaultValue: NESTED_DEFAULT }) first: number): Promise<LedgerEntry[]> {
    return this.services.credits.history(user.id, nestedLimit(first));
  }

  @FieldResolver(() => [Payment], { description: 'Newest first' })
  payments(
    @Root() user: AdminUser,
    @Arg('first', () => Int, { defaultValue: NESTED_DEFAULT }) first: number,
    @Ctx() ctx: RequestContext,
  ): Promise<Payment[]> {
    // One query for every user of the page: the newest `first` payments per user.
    const limit = nestedLimit(first);
    const loaders = this.paymentLoaders.get(ctx) ?? new Map<number, DataLoader<string, Payment[]>>();
    this.paymentLoaders.set(ctx, loaders);
    let loader = loaders.get(limit);
    if (!loader) {
      const rows = entityRows(this.services.dataSource, Payment);
      loader = new DataLoader(async (userIds: readonly string[]) => {
        const found: Array<Record<string, unknown>> = await this.services.dataSource.query(
          `SELECT ${rows.select} FROM (
             SELECT p.*, row_number() OVER (PARTITION BY user_id ORDER BY created_at DESC, id DESC) AS rank
             FROM payments p WHERE user_id = ANY($1)) ranked
           WHERE rank <= $2 ORDER BY created_at DESC, id DESC`,
          [[...userIds], limit],
        );
        const payments = found.map(rows.toEntity);
        return userIds.map((id) => payments.filter((p) => p.userId === id));
      });
      loaders.set(limit, loader);
    }
    return loader.load(user.id);
  }

  @FieldResolver(() => [ConsumptionLogView], { description: 'Paid calls, newest first' })
  consumption(@Root() user: AdminUser, @Arg('first', () => Int, { defaultValue: NESTED_DEFAULT }) first: number): Promise<ConsumptionLogView[]> {
    return this.services.consumptionLogs.page(user.id, {}, nestedLimit(first));
  }

  @FieldResolver(() => [ApiToken], { description: 'Token metadata (name, prefix, dates); secrets and hashes are never stored or shown' })
  apiTokens(@Root() user: AdminUser, @Ctx() ctx: RequestContext): Promise<ApiToken[]> {
    let loader = this.tokenLoaders.get(ctx);
    if (!loader) {
      loader = new DataLoader(async (userIds: readonly string[]) => {
        const tokens = await this.services.dataSource
          .getRepository(ApiToken)
          .find({ where: { userId: In([...userIds]) }, order: { createdAt: 'DESC', id: 'DESC' } });
        return userIds.map((id) => tokens.filter((t) => t.userId === id));
      });
      this.tokenLoaders.set(ctx, loader);
    }
    return loader.load(user.id);
  }
}

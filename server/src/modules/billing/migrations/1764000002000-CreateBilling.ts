import { sqlMigration } from '../../../db/sql-migration';

export const CreateBilling1764000002000 = sqlMigration('CreateBilling1764000002000', {
  up: [
    `
      CREATE TABLE credit_packs (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name varchar(100) NOT NULL,
        credits integer NOT NULL CHECK (credits > 0),
        price_cents integer NOT NULL CHECK (price_cents > 0),
        currency varchar(3) NOT NULL CHECK (currency ~ '^[a-z]{3}$'),
        active boolean NOT NULL DEFAULT true,
        sort_order integer NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`,
    `INSERT INTO credit_packs (name, credits, price_cents, currency, sort_order) VALUES
      ('Starter', 100, 1000, 'usd', 10),
      ('Growth', 500, 4000, 'usd', 20),
      ('Scale', 2000, 12000, 'usd', 30)`,

    `CREATE TYPE payment_status AS ENUM
      ('PENDING', 'SUCCEEDED', 'FAILED', 'PARTIALLY_REFUNDED', 'REFUNDED', 'DISPUTED')`,
    // user_id is nullable and SET NULL: payment records outlive the account for 7 years (seed 001 §6).
    `
      CREATE TABLE payments (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid REFERENCES users(id) ON DELETE SET NULL,
        status payment_status NOT NULL DEFAULT 'PENDING',
        amount_cents integer NOT NULL CHECK (amount_cents > 0),
        currency varchar(3) NOT NULL,
        credits integer NOT NULL CHECK (credits > 0),
        pack_id uuid REFERENCES credit_packs(id),
        pack_name varchar(100) NOT NULL,
        checkout_session_id varchar(255) NOT NULL,
        payment_intent_id varchar(255),
        card_brand varchar(32),
        card_last4 varchar(4),
        refunded_cents integer NOT NULL DEFAULT 0 CHECK (refunded_cents >= 0 AND refunded_cents <= amount_cents),
        disputed_cents integer NOT NULL DEFAULT 0 CHECK (disputed_cents >= 0 AND disputed_cents <= amount_cents),
        credits_reversed integer NOT NULL DEFAULT 0 CHECK (credits_reversed >= 0 AND credits_reversed <= credits),
        shortfall_credits integer NOT NULL DEFAULT 0 CHECK (shortfall_credits >= 0 AND shortfall_credits <= credits_reversed),
        failure_reason varchar(500),
        succeeded_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`,
    `CREATE UNIQUE INDEX payments_checkout_session_unique ON payments (checkout_session_id)`,
    `CREATE UNIQUE INDEX payments_payment_intent_unique ON payments (payment_intent_id) WHERE payment_intent_id IS NOT NULL`,
    `CREATE INDEX payments_user_created ON payments (user_id, created_at)`,
    `CREATE INDEX payments_created ON payments (created_at)`,

    `
      CREATE TABLE stripe_events (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        event_id varchar(255) NOT NULL,
        type varchar(100) NOT NULL,
        payment_id uuid REFERENCES payments(id),
        outcome varchar(16) NOT NULL,
        detail varchar(500),
        livemode boolean NOT NULL DEFAULT false,
        event_created_at timestamptz,
        processed_at timestamptz NOT NULL DEFAULT now()
      )`,
    // The exactly-once guarantee: a redelivered event collides here inside its own transaction.
    `CREATE UNIQUE INDEX stripe_events_event_id_unique ON stripe_events (event_id)`,
    `CREATE INDEX stripe_events_payment ON stripe_events (payment_id)`,
  ],
  down: [
    `DROP TABLE stripe_events`,
    `DROP TABLE payments`,
    `DROP TYPE payment_status`,
    `DROP TABLE credit_packs`,
  ],
});

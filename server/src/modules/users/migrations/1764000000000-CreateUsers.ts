import { sqlMigration } from '../../../db/sql-migration';

export const CreateUsers1764000000000 = sqlMigration('CreateUsers1764000000000', {
  up: [
    `CREATE EXTENSION IF NOT EXISTS pgcrypto`,
    `CREATE TYPE user_role AS ENUM ('USER', 'ADMIN')`,
    `CREATE TYPE user_plan AS ENUM ('FREE', 'STARTER', 'PRO')`,
    `
      CREATE TABLE users (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        email varchar(320) NOT NULL,
        first_name varchar(100) NOT NULL,
        last_name varchar(100) NOT NULL,
        company varchar(200),
        password_hash varchar(100),
        role user_role NOT NULL DEFAULT 'USER',
        plan user_plan NOT NULL DEFAULT 'FREE',
        credits integer NOT NULL DEFAULT 0 CONSTRAINT users_credits_non_negative CHECK (credits >= 0),
        token_version integer NOT NULL DEFAULT 0,
        notify_email boolean NOT NULL DEFAULT true,
        notify_usage_alerts boolean NOT NULL DEFAULT true,
        notify_security_alerts boolean NOT NULL DEFAULT true,
        notify_marketing boolean NOT NULL DEFAULT false,
        processing_restricted boolean NOT NULL DEFAULT false,
        disabled boolean NOT NULL DEFAULT false,
        terms_accepted_at timestamptz,
        age_confirmed_at timestamptz,
        signup_ip varchar(64),
        stripe_customer_id varchar(255),
        deleted_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`,
    `CREATE UNIQUE INDEX users_email_lower_unique ON users (lower(email))`,
  ],
  down: [
    `DROP TABLE users`,
    `DROP TYPE user_plan`,
    `DROP TYPE user_role`,
  ],
});

import { Field, ID } from 'type-graphql';
import { Column, CreateDateColumn, PrimaryGeneratedColumn } from 'typeorm';

/** Applies several property decorators as one. */
function both(...decorators: PropertyDecorator[]): PropertyDecorator {
  return (target, property) => decorators.forEach((decorate) => decorate(target, property));
}

/** The uuid primary key of a table (gen_random_uuid() in the migration), the GraphQL `ID`. */
export function IdColumn(): PropertyDecorator {
  return both(Field(() => ID), PrimaryGeneratedColumn('uuid'));
}

/** A uuid reference column (e.g. `user_id`) kept beside its relation, not shown in GraphQL. */
export function UuidColumn(name: string, options: { nullable?: boolean } = {}): PropertyDecorator {
  return Column({ name, type: 'uuid', ...options });
}

/** `created_at`, set by TypeORM on insert and shown in GraphQL. */
export function CreatedAtColumn(options: { precision?: number } = {}): PropertyDecorator {
  return both(Field(), CreateDateColumn({ name: 'created_at', type: 'timestamptz', ...options }));
}

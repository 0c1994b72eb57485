import { Field, ID } from 'type-graphql';
import { Column, CreateDateColumn, JoinColumn, ManyToOne, ObjectType, PrimaryGeneratedColumn, RelationOptions } from 'typeorm';

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

/** The relation behind a reference column; `constraint` is the foreign key's name in the migration. */
export function Reference<T>(target: () => ObjectType<T>, column: string, constraint: string, options: RelationOptions = {}): PropertyDecorator {
  return both(ManyToOne(target, options), JoinColumn({ name: column, foreignKeyConstraintName: constraint }));
}

import type { User } from './user.entity';

/**
 * The account's own fields as the admin pages and the data export show them, named one by one so
 * that a new column (a secret, say) never appears there by accident.
 */
export function accountSummary(user: User) {
  return {
    id: user.id,
    email: user.email,
    firstName: user.firstName,
    lastName: user.lastName,
    company: user.company,
    role: user.role,
    plan: user.plan,
    credits: user.credits,
    disabled: user.disabled,
  };
}

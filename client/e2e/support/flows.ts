import { expect } from 'vitest';
import type { Page } from 'playwright-core';

export interface TestUser {
  firstName: string;
  lastName: string;
  email: string;
  password: string;
}

let counter = 0;
export function newTestUser(prefix = 'user'): TestUser {
  counter += 1;
  return {
    firstName: 'Ada',
    lastName: 'Lovelace',
    email: `${prefix}-${Date.now().toString(36)}-${counter}@example.test`,
    password: 'correct horse battery staple',
  };
}

export async function signUpThroughForm(page: Page, user: TestUser) {
  await page.goto('/signup');
  await page.getByLabel('First name').fill(user.firstName);
  await page.getByLabel('Last name').fill(user.lastName);
  await page.getByLabel('Email').fill(user.email);
  await page.getByLabel('Password').fill(user.password);
  await page.getByLabel(/I accept the Terms of Service/).check();
  await page.getByLabel(/16 years of age or older/).check();
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.waitForURL('**/dashboard');
}

export async function logInThroughForm(page: Page, user: Pick<TestUser, 'email' | 'password'>) {
  await page.goto('/login');
  await page.getByLabel('Email').fill(user.email);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Log in' }).click();
}

/** The balance shown in the header, as a number. */
export async function headerBalance(page: Page): Promise<number> {
  const text = await page.getByTestId('header-balance-value').textContent();
  return Number((text ?? '').replace(/[^\d-]/g, ''));
}

export async function expectHeaderBalance(page: Page, expected: number) {
  await expect.poll(() => headerBalance(page), { timeout: 15_000 }).toBe(expected);
}

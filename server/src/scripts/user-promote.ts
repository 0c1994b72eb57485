import { UsersService } from '../modules/users/users.service';
import { runScript, withDatabase } from './with-database';

/** `npm run user:promote -- someone@example.com` makes that account an administrator. */
runScript(async () => {
  const email = process.argv[2];
  if (!email) throw new Error('usage: npm run user:promote -- EMAIL');
  await withDatabase(async (dataSource) => {
    const promoted = await new UsersService(dataSource).promoteByEmail(email);
    console.log(promoted ? `${email} is now an administrator` : `no account to promote for ${email} (unknown or already admin)`);
  });
});

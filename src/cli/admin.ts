// Admin rights from the command line: how the first admin is made (after that, admins can manage
// team managers over /admin). Works on the same database the server uses (DATABASE_URL, or the
// embedded PGlite under DATA_DIR: stop the server first, PGlite allows one process at a time).
//
//   npm run admin -- grant 80351110224678912     make that Discord user an admin
//   npm run admin -- revoke 80351110224678912    withdraw it
//   npm run admin -- list                        who is an admin
//
// A Discord id nobody has logged in with yet gets a placeholder user, filled in at first login.

import { join } from "node:path";
import { eq } from "drizzle-orm";
import { ensureUsersByDiscordId, setAdmin } from "../auth/users.js";
import { ConfigError, loadConfig } from "../config.js";
import { openDatabase } from "../db/client.js";
import { users } from "../db/schema/users.js";

const USAGE = "usage: npm run admin -- grant <discordId> | revoke <discordId> | list";
const SNOWFLAKE = /^\d{1,20}$/;

async function main(args: string[]): Promise<number> {
  const [command, discordId] = args;
  if (command !== "list" && command !== "grant" && command !== "revoke") {
    console.error(USAGE);
    return 2;
  }
  if (command !== "list" && (!discordId || !SNOWFLAKE.test(discordId))) {
    console.error(`${command} needs a Discord id (digits), got ${JSON.stringify(discordId ?? "")}`);
    return 2;
  }
  const config = loadConfig();
  const db = await openDatabase({
    url: config.database.url,
    dataDir: join(config.dataDir, "pglite"),
    connectTimeoutMs: config.database.connectTimeoutMs,
  });
  try {
    if (command === "list") {
      const admins = await db.orm
        .select({ discordId: users.discordId, username: users.username })
        .from(users)
        .where(eq(users.isAdmin, true))
        .orderBy(users.username);
      for (const admin of admins) console.log(`${admin.discordId}\t${admin.username}`);
      if (admins.length === 0) console.log("(no admins)");
      return 0;
    }
    const user = await db.orm.transaction(async (tx) => {
      await ensureUsersByDiscordId(tx, [discordId!]);
      return setAdmin(tx, discordId!, command === "grant");
    });
    console.log(
      `${user!.discordId} (${user!.username}) is ${user!.isAdmin ? "now" : "no longer"} an admin`,
    );
    return 0;
  } finally {
    await db.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof ConfigError ? error.message : error);
    process.exit(1);
  },
);

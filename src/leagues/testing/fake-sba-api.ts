// An in-process fake of the SBA "Major Domo" API v3, serving ./sba-fixtures.ts over real HTTP at
// http://127.0.0.1:<port>/api/v3/... with Bearer auth. See FakeApiServer for the fault switches.
//
//   const sba = await startFakeSbaApi();            // sba.url -> SBA_API_URL
//   sba.inject({ kind: "status", status: 500, times: 2 });
//   ...
//   await sba.close();

import { SBA_SNOWFLAKE_KEYS } from "../api/sba-schemas.js";
import { FakeApiServer, notFound, ok, type Route } from "./fake-server.js";
import {
  SBA_CURRENT,
  SBA_PLAYERS,
  SBA_TEAMS,
  SBA_FIXTURE_SEASON as SEASON,
  sbaRosterRecord,
} from "./sba-fixtures.js";

export const FAKE_SBA_API_KEY = "sba-test-key";

const V3 = "^/api/v3";

const routes: Route[] = [
  { pattern: new RegExp(`${V3}/current$`), handle: () => ok(SBA_CURRENT) },
  {
    pattern: new RegExp(`${V3}/players/search$`),
    handle: (_, req) => {
      const q = (req.query.get("q") ?? "").toLowerCase();
      const season = Number(req.query.get("season") ?? SEASON);
      const limit = Number(req.query.get("limit") ?? 10);
      const found = SBA_PLAYERS.filter(
        (p) => p.season === season && String(p.name).toLowerCase().includes(q),
      )
        .slice(0, limit)
        // The search endpoint gives the team as a bare id.
        .map((p) => ({ ...p, team: (p.team as { id: number }).id }));
      return ok({ count: found.length, players: found });
    },
  },
  {
    pattern: new RegExp(`${V3}/players/(\\d+)$`),
    handle: ([, id]) => {
      const player = SBA_PLAYERS.find((p) => p.id === Number(id));
      return player ? ok(player) : notFound(`Player ${id}`);
    },
  },
  {
    pattern: new RegExp(`${V3}/players$`),
    handle: (_, req) => {
      const season = Number(req.query.get("season"));
      const players = SBA_PLAYERS.filter((p) => p.season === season);
      return ok({ count: players.length, players });
    },
  },
  {
    pattern: new RegExp(`${V3}/teams/(\\d+)/roster/current$`),
    handle: ([, id]) =>
      SBA_TEAMS.some((t) => t.id === Number(id))
        ? ok(sbaRosterRecord(Number(id)))
        : notFound(`Team ${id}`),
  },
  {
    pattern: new RegExp(`${V3}/teams/(\\d+)$`),
    handle: ([, id]) => {
      const team = SBA_TEAMS.find((t) => t.id === Number(id));
      return team ? ok(team) : notFound(`Team ${id}`);
    },
  },
  {
    pattern: new RegExp(`${V3}/teams$`),
    handle: (_, req) => {
      const season = req.query.get("season");
      const teams = season ? SBA_TEAMS.filter((t) => t.season === Number(season)) : SBA_TEAMS;
      return ok({ count: teams.length, teams });
    },
  },
];

export function startFakeSbaApi(options: { apiKey?: string } = {}): Promise<FakeApiServer> {
  return new FakeApiServer(routes, options.apiKey ?? FAKE_SBA_API_KEY, SBA_SNOWFLAKE_KEYS).start();
}

// An in-process fake of the Paper Dynasty API v2, serving ./pd-fixtures.ts over real HTTP at
// http://127.0.0.1:<port>/api/v2/... with Bearer auth. See FakeApiServer for the fault switches.

import { PD_SNOWFLAKE_KEYS } from "../api/pd-schemas.js";
import { FakeApiServer, notFound, ok, type Route } from "./fake-server.js";
import {
  PD_CARDS,
  PD_CARDSETS,
  PD_PLAYERS,
  PD_ROSTERS,
  PD_TEAMS,
  pdBattingCardRatings,
  pdBattingCards,
  pdCardPositions,
  pdPitchingCardRatings,
  pdPitchingCards,
} from "./pd-fixtures.js";

export const FAKE_PD_API_KEY = "pd-test-key";

const V2 = "^/api/v2";

const byId =
  (records: readonly { id: number }[], what: string) =>
  ([, id]: RegExpMatchArray) => {
    const found = records.find((r) => r.id === Number(id));
    return found ? ok(found) : notFound(`${what} ${id}`);
  };

const teamIdOf = (record: Record<string, unknown>) => {
  const team = record.team;
  return typeof team === "number" ? team : (team as { id: number } | null)?.id;
};

const list = (key: string, items: readonly unknown[]) => ok({ count: items.length, [key]: items });
const numberParam = (query: URLSearchParams, name: string) => Number(query.get(name));

const routes: Route[] = [
  { pattern: new RegExp(`${V2}/cardsets$`), handle: () => list("cardsets", PD_CARDSETS) },
  { pattern: new RegExp(`${V2}/cardsets/(\\d+)$`), handle: byId(PD_CARDSETS, "Cardset") },
  { pattern: new RegExp(`${V2}/teams$`), handle: () => list("teams", PD_TEAMS) },
  { pattern: new RegExp(`${V2}/teams/(\\d+)$`), handle: byId(PD_TEAMS, "Team") },
  {
    pattern: new RegExp(`${V2}/cards$`),
    handle: (_, req) => {
      const teamId = req.query.get("team_id");
      const cards = teamId ? PD_CARDS.filter((c) => teamIdOf(c) === Number(teamId)) : PD_CARDS;
      return list("cards", cards);
    },
  },
  {
    pattern: new RegExp(`${V2}/cards/(\\d+)$`),
    handle: byId(PD_CARDS as readonly { id: number }[], "Card"),
  },
  {
    pattern: new RegExp(`${V2}/players/(\\d+)$`),
    handle: ([, id]) => {
      const player = PD_PLAYERS.find((p) => p.player_id === Number(id));
      return player ? ok(player) : notFound(`Player ${id}`);
    },
  },
  {
    pattern: new RegExp(`${V2}/rosters$`),
    handle: (_, req) => {
      const teamId = req.query.get("team_id");
      const rosters = teamId
        ? PD_ROSTERS.filter((r) => teamIdOf(r) === Number(teamId))
        : PD_ROSTERS;
      return list("rosters", rosters);
    },
  },
  {
    pattern: new RegExp(`${V2}/rosters/(\\d+)$`),
    handle: byId(PD_ROSTERS as readonly { id: number }[], "Roster"),
  },
  {
    pattern: new RegExp(`${V2}/battingcards$`),
    handle: (_, req) => list("cards", pdBattingCards(numberParam(req.query, "player_id"))),
  },
  {
    pattern: new RegExp(`${V2}/battingcardratings$`),
    handle: (_, req) =>
      list("ratings", pdBattingCardRatings(numberParam(req.query, "battingcard_id"))),
  },
  {
    pattern: new RegExp(`${V2}/pitchingcards$`),
    handle: (_, req) => list("cards", pdPitchingCards(numberParam(req.query, "player_id"))),
  },
  {
    pattern: new RegExp(`${V2}/pitchingcardratings$`),
    handle: (_, req) =>
      list("ratings", pdPitchingCardRatings(numberParam(req.query, "pitchingcard_id"))),
  },
  {
    pattern: new RegExp(`${V2}/cardpositions$`),
    handle: (_, req) => list("positions", pdCardPositions(numberParam(req.query, "player_id"))),
  },
];

export function startFakePdApi(options: { apiKey?: string } = {}): Promise<FakeApiServer> {
  return new FakeApiServer(routes, options.apiKey ?? FAKE_PD_API_KEY, PD_SNOWFLAKE_KEYS).start();
}

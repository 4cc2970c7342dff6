// Fixtures shaped like the SBA "Major Domo" API v3 answers (see ../api/sba-schemas.ts for the
// sources of each field): season 12, two major-league teams with active rosters and an injured
// list, one injured-list team. Discord ids are real-sized snowflakes (past 2^53).

export const SBA_FIXTURE_SEASON = 12;
export const SBA_FIXTURE_WEEK = 7;

export interface SbaFixtureTeam {
  id: number;
  abbrev: string;
  sname: string;
  lname: string;
  season: number;
  gmid: string | null;
  gmid2: string | null;
  manager1: { id: number; name: string } | null;
  manager2: { id: number; name: string } | null;
  division: { id: number; division_name: string; league_abbrev: string } | null;
  stadium: string | null;
  thumbnail: string | null;
  color: string | null;
  dice_color: string | null;
}

const division = { id: 21, division_name: "Atlantic", league_abbrev: "SBa" };

export const SBA_TEAMS: readonly SbaFixtureTeam[] = [
  {
    id: 499,
    abbrev: "WV",
    sname: "Black Bears",
    lname: "West Virginia Black Bears",
    season: SBA_FIXTURE_SEASON,
    gmid: "258104532423147520",
    gmid2: null,
    manager1: { id: 3, name: "Cal" },
    manager2: null,
    division,
    stadium: "Mountaineer Field",
    thumbnail: "https://sba.example/images/wv.png",
    color: "1c3a5e",
    dice_color: "ffd200",
  },
  {
    id: 502,
    abbrev: "KAL",
    sname: "Kings",
    lname: "Kalamazoo Kings",
    season: SBA_FIXTURE_SEASON,
    gmid: "402863811228024832",
    gmid2: "918273645546372819",
    manager1: { id: 8, name: "Kat" },
    manager2: { id: 9, name: "Lou" },
    division,
    stadium: "Homer Stryker Field",
    thumbnail: null,
    color: "6b1f7c",
    dice_color: null,
  },
  {
    id: 520,
    abbrev: "WVIL",
    sname: "Black Bears IL",
    lname: "West Virginia Black Bears Injured List",
    season: SBA_FIXTURE_SEASON,
    gmid: "258104532423147520",
    gmid2: null,
    manager1: null,
    manager2: null,
    division: null,
    stadium: null,
    thumbnail: null,
    color: null,
    dice_color: null,
  },
];

/** [name, pos_1, other positions, injury rating] for each active player, in roster order. */
type Line = readonly [string, string, readonly string[], string];

const WV_ACTIVE: readonly Line[] = [
  ["Salvador Perez", "C", ["1B"], "2p65"],
  ["Freddie Freeman", "1B", [], "1p70"],
  ["Jose Altuve", "2B", [], "3p50"],
  ["Manny Machado", "3B", ["SS"], "1p65"],
  ["Francisco Lindor", "SS", [], "2p60"],
  ["Juan Soto", "RF", ["LF"], "1p60"],
  ["Mike Trout", "CF", ["RF", "LF"], "5p50"],
  ["Kyle Tucker", "LF", ["RF"], "0p70"],
  ["Yordan Alvarez", "DH", ["LF"], "4p51"],
  ["Gerrit Cole", "SP", [], "1p70"],
  ["Zack Wheeler", "SP", [], "2p65"],
  ["Emmanuel Clase", "RP", [], "0p70"],
];

const KAL_ACTIVE: readonly Line[] = [
  ["Will Smith", "C", [], "2p65"],
  ["Matt Olson", "1B", [], "0p70"],
  ["Marcus Semien", "2B", ["SS"], "0p70"],
  ["Austin Riley", "3B", [], "2p60"],
  ["Corey Seager", "SS", [], "3p55"],
  ["Randy Arozarena", "LF", ["RF"], "1p65"],
  ["Julio Rodriguez", "CF", [], "1p65"],
  ["Mookie Betts", "RF", ["2B", "SS"], "1p70"],
  ["Shohei Ohtani", "DH", [], "2p62"],
  ["Spencer Strider", "SP", [], "3p50"],
  ["Logan Webb", "SP", [], "0p70"],
  ["Devin Williams", "RP", [], "1p62"],
];

function playerRecord(id: number, line: Line, team: SbaFixtureTeam) {
  const [name, pos1, others, injury] = line;
  const positions = [pos1, ...others];
  const slug = name.toLowerCase().replace(/[^a-z]+/g, "");
  const record: Record<string, unknown> = {
    id,
    name,
    wara: Math.round((((id * 37) % 50) / 10) * 100) / 100,
    season: SBA_FIXTURE_SEASON,
    team,
    image: `https://sba.example/cards/s${SBA_FIXTURE_SEASON}/${slug}.png`,
    image2: pos1 === "SP" || pos1 === "RP" ? null : `https://sba.example/cards/${slug}-2.png`,
    vanity_card: null,
    headshot: null,
    pitcher_injury: pos1 === "SP" || pos1 === "RP" ? 6 : null,
    injury_rating: injury,
    il_return: null,
    demotion_week: null,
    last_game: null,
    last_game2: null,
    strat_code: `${slug.slice(0, 5)}${id}`,
    bbref_id: `${slug.slice(0, 5)}01`,
    sbaplayer: 9000 + id,
  };
  for (let i = 1; i <= 8; i++) record[`pos_${i}`] = positions[i - 1] ?? null;
  return record;
}

const [WV, KAL, WVIL] = SBA_TEAMS as [SbaFixtureTeam, SbaFixtureTeam, SbaFixtureTeam];

export const SBA_ACTIVE_ROSTERS: Readonly<Record<number, readonly Record<string, unknown>[]>> = {
  [WV.id]: WV_ACTIVE.map((line, i) => playerRecord(1001 + i, line, WV)),
  [KAL.id]: KAL_ACTIVE.map((line, i) => playerRecord(2001 + i, line, KAL)),
  [WVIL.id]: [],
};

/** On the West Virginia injured list: not in a game's roster. */
export const SBA_INJURED: readonly Record<string, unknown>[] = [
  playerRecord(1099, ["Ronald Acuna", "RF", ["CF"], "6p30"], WVIL),
];

export const SBA_PLAYERS: readonly Record<string, unknown>[] = [
  ...Object.values(SBA_ACTIVE_ROSTERS).flat(),
  ...SBA_INJURED,
];

export const SBA_CURRENT = {
  id: 1,
  season: SBA_FIXTURE_SEASON,
  week: SBA_FIXTURE_WEEK,
  freeze: false,
  bet_week: "sheets",
  trade_deadline: 14,
  pick_trade_start: 18,
  pick_trade_end: 22,
  playoffs_begin: 19,
};

export function sbaRosterRecord(teamId: number) {
  const active = SBA_ACTIVE_ROSTERS[teamId] ?? [];
  const wara = (players: readonly Record<string, unknown>[]) =>
    Math.round(players.reduce((sum, p) => sum + (p.wara as number), 0) * 100) / 100;
  const injured = teamId === WV.id ? SBA_INJURED : [];
  return {
    active: { players: active, WARa: wara(active) },
    shortil: { players: injured, WARa: wara(injured) },
    longil: { players: [], WARa: 0 },
  };
}

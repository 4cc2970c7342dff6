// Fixtures shaped like the Paper Dynasty API v2 answers (see ../api/pd-schemas.ts): three cardsets,
// two teams, their cards (some real players held in more than one cardset, for the cardset
// priority rule), one roster each, and the digital ratings behind every card.
//
// Team CAL (31) holds all 12 of its players in "2023 Season" (cardset 1); players 1-3 also in
// "2024 Season" (2), and player 1 also in "2024 Promos" (3). Its roster lists the 2023 cards.
// Team BOB (32) holds players 13-24 in 2024; player 13 also in 2023.

export const PD_CARDSETS = [
  {
    id: 1,
    name: "2023 Season",
    description: "Cards of the 2023 MLB season",
    event: null,
    for_purchase: true,
    total_cards: 812,
    in_packs: true,
    ranked_legal: true,
  },
  {
    id: 2,
    name: "2024 Season",
    description: "Cards of the 2024 MLB season",
    event: null,
    for_purchase: true,
    total_cards: 790,
    in_packs: true,
    ranked_legal: true,
  },
  {
    id: 3,
    name: "2024 Promos",
    description: "Promotional cards",
    event: 4,
    for_purchase: false,
    total_cards: 40,
    in_packs: false,
    ranked_legal: false,
  },
] as const;

export const PD_TEAMS = [
  {
    id: 31,
    abbrev: "CAL",
    sname: "Calamari",
    lname: "Calgary Calamari",
    gmid: "258104532423147520",
    gmname: "cal",
    season: 7,
    logo: null,
    color: "0b6e4f",
    ranking: 1040,
    team_value: 3120,
    collection_value: 5120,
    is_ai: false,
  },
  {
    id: 32,
    abbrev: "BOB",
    sname: "Bobcats",
    lname: "Boise Bobcats",
    gmid: "402863811228024832",
    gmname: "bob",
    season: 7,
    logo: null,
    color: "c8102e",
    ranking: 990,
    team_value: 2950,
    collection_value: 4800,
    is_ai: false,
  },
] as const;

/** [name, pos_1, bats/throws, bbref_id] for the 24 real players, by number n = 1..24. */
const PEOPLE: readonly (readonly [string, string, "L" | "R" | "S", string])[] = [
  ["Adley Rutschman", "C", "S", "rutscad01"],
  ["Pete Alonso", "1B", "R", "alonspe01"],
  ["Ozzie Albies", "2B", "S", "albieoz01"],
  ["Rafael Devers", "3B", "L", "deverra01"],
  ["Bobby Witt", "SS", "R", "wittbo02"],
  ["Christian Yelich", "LF", "L", "yelicch01"],
  ["Cedric Mullins", "CF", "L", "mullice01"],
  ["Aaron Judge", "RF", "R", "judgeaa01"],
  ["Kyle Schwarber", "DH", "L", "schwaky01"],
  ["Max Fried", "SP", "L", "friedma01"],
  ["Corbin Burnes", "SP", "R", "burneco01"],
  ["Josh Hader", "RP", "L", "haderjo01"],
  ["J.T. Realmuto", "C", "R", "realmjt01"],
  ["Paul Goldschmidt", "1B", "R", "goldspa01"],
  ["Ketel Marte", "2B", "S", "marteke01"],
  ["Jose Ramirez", "3B", "S", "ramirjo01"],
  ["Trea Turner", "SS", "R", "turnetr01"],
  ["Steven Kwan", "LF", "L", "kwanst01"],
  ["Michael Harris", "CF", "L", "harrimi04"],
  ["Fernando Tatis", "RF", "R", "tatisfe02"],
  ["Marcell Ozuna", "DH", "R", "ozunama01"],
  ["Tarik Skubal", "SP", "L", "skubata01"],
  ["Zac Gallen", "SP", "R", "gallenza01"],
  ["Edwin Diaz", "RP", "R", "diazed04"],
];

const FIELDERS: Record<string, readonly string[]> = {
  C: ["C"],
  "1B": ["1B"],
  "2B": ["2B", "SS"],
  "3B": ["3B"],
  SS: ["SS", "2B"],
  LF: ["LF", "RF"],
  CF: ["CF", "LF", "RF"],
  RF: ["RF"],
  DH: [],
  SP: ["P"],
  RP: ["P"],
};

const isPitcher = (pos: string) => pos === "SP" || pos === "RP";

function cardset(id: number) {
  const found = PD_CARDSETS.find((c) => c.id === id);
  if (!found) throw new Error(`no fixture cardset ${id}`);
  return found;
}

function team(id: number) {
  const found = PD_TEAMS.find((t) => t.id === id);
  if (!found) throw new Error(`no fixture team ${id}`);
  return found;
}

/** The PD player record for real player n in a cardset: player_id = cardset * 1000 + n. */
export function pdPlayerId(n: number, cardsetId: number): number {
  return cardsetId * 1000 + n;
}

function playerRecord(n: number, cardsetId: number) {
  const [name, pos1, , bbref] = PEOPLE[n - 1]!;
  const positions = pos1 === "DH" ? ["DH"] : [pos1, ...(FIELDERS[pos1] ?? []).slice(1)];
  const record: Record<string, unknown> = {
    player_id: pdPlayerId(n, cardsetId),
    p_name: name,
    cardset: cardset(cardsetId),
    rarity: { id: 3, value: 3, name: "Starter", color: "C0C0C0" },
    cost: 40 + n,
    image: `https://pd.example/players/${pdPlayerId(n, cardsetId)}/card.png`,
    image2: null,
    headshot: null,
    vanity_card: null,
    mlbclub: "Free Agents",
    franchise: "Free Agents",
    set_num: n,
    strat_code: null,
    bbref_id: bbref,
    fangr_id: null,
    description: cardset(cardsetId).name,
    mlbplayer: 500 + n,
  };
  for (let i = 1; i <= 8; i++) record[`pos_${i}`] = positions[i - 1] ?? null;
  return record;
}

/** [card id, real player n, cardset id, team id] for every card held. */
const HOLDINGS: readonly (readonly [number, number, number, number])[] = [
  ...Array.from({ length: 12 }, (_, i) => [5001 + i, i + 1, 1, 31] as const),
  [5101, 1, 2, 31],
  [5102, 2, 2, 31],
  [5103, 3, 2, 31],
  [5201, 1, 3, 31],
  ...Array.from({ length: 12 }, (_, i) => [6001 + i, i + 13, 2, 32] as const),
  [6101, 13, 1, 32],
];

export const PD_CARDS: readonly Record<string, unknown>[] = HOLDINGS.map(
  ([id, n, cardsetId, teamId]) => ({
    id,
    player: playerRecord(n, cardsetId),
    team: team(teamId),
    variant: 0,
    value: 40 + n,
    pack: null,
  }),
);

export const PD_PLAYERS: readonly Record<string, unknown>[] = PD_CARDS.map(
  (c) => c.player as Record<string, unknown>,
);

function rosterRecord(id: number, teamId: number, cardIds: readonly number[]) {
  const record: Record<string, unknown> = {
    id,
    team: team(teamId),
    name: "Main",
    roster_num: 1,
  };
  for (let slot = 1; slot <= 26; slot++) {
    const cardId = cardIds[slot - 1];
    record[`card_${slot}`] = cardId === undefined ? null : PD_CARDS.find((c) => c.id === cardId);
  }
  return record;
}

export const PD_ROSTERS: readonly Record<string, unknown>[] = [
  rosterRecord(
    71,
    31,
    Array.from({ length: 12 }, (_, i) => 5001 + i),
  ),
  rosterRecord(
    72,
    32,
    Array.from({ length: 12 }, (_, i) => 6001 + i),
  ),
];

// --- Ratings ------------------------------------------------------------------------------------
// Chances out of 108 per side, as in PD's rating tables (field names from src/leagues/pd/ratings.ts).

const BATTING_SIDE = {
  homerun: 3,
  bp_homerun: 2,
  triple: 1,
  double_three: 0,
  double_two: 4,
  double_pull: 2,
  single_two: 4,
  single_one: 4,
  single_center: 6,
  bp_single: 5,
  hbp: 1,
  walk: 9,
  strikeout: 20,
  lineout: 4,
  popout: 5,
  flyout_a: 2,
  flyout_bq: 5,
  flyout_lf_b: 5,
  flyout_rf_b: 5,
  groundout_a: 6,
  groundout_b: 8,
  groundout_c: 7,
};

const PITCHING_SIDE = {
  homerun: 2,
  triple: 1,
  double_three: 1,
  double_two: 3,
  double_cf: 2,
  single_two: 4,
  single_one: 5,
  single_center: 5,
  hbp: 1,
  walk: 8,
  strikeout: 24,
  flyout_lf_b: 6,
  flyout_cf_b: 7,
  flyout_rf_b: 6,
  groundout_a: 7,
  groundout_b: 8,
  xcheck_p: 2,
  xcheck_c: 2,
  xcheck_1b: 2,
  xcheck_2b: 3,
  xcheck_3b: 3,
  xcheck_ss: 3,
  xcheck_lf: 1,
  xcheck_cf: 1,
  xcheck_rf: 1,
};

function realPlayerOf(playerId: number): number {
  return playerId % 1000;
}

/** GET /battingcards?player_id= : one batting card per player (variant 0). */
export function pdBattingCards(playerId: number) {
  const n = realPlayerOf(playerId);
  const person = PEOPLE[n - 1];
  if (!person || !PD_PLAYERS.some((p) => p.player_id === playerId)) return [];
  const pitcher = isPitcher(person[1]);
  return [
    {
      id: playerId,
      player: playerId,
      variant: 0,
      steal_low: pitcher ? 0 : 8 + (n % 5),
      steal_high: pitcher ? 0 : 14 + (n % 5),
      steal_auto: n % 4 === 0,
      steal_jump: pitcher ? 0 : 0.25,
      bunting: pitcher ? "B" : "C",
      hit_and_run: "C",
      running: pitcher ? 8 : 10 + (n % 8),
      offense_col: 1 + (n % 3),
      hand: person[2],
    },
  ];
}

/** GET /battingcardratings?battingcard_id= : the vs-L and vs-R sides. */
export function pdBattingCardRatings(battingCardId: number) {
  if (pdBattingCards(battingCardId).length === 0) return [];
  return (["L", "R"] as const).map((vsHand, i) => ({
    id: battingCardId * 10 + i,
    battingcard: battingCardId,
    vs_hand: vsHand,
    ...BATTING_SIDE,
  }));
}

/** GET /pitchingcards?player_id= : pitchers only. */
export function pdPitchingCards(playerId: number) {
  const n = realPlayerOf(playerId);
  const person = PEOPLE[n - 1];
  if (!person || !isPitcher(person[1]) || !PD_PLAYERS.some((p) => p.player_id === playerId)) {
    return [];
  }
  const starter = person[1] === "SP";
  return [
    {
      id: playerId,
      player: playerId,
      variant: 0,
      balk: 1,
      wild_pitch: 4,
      hold: 1,
      starter_rating: starter ? 6 : null,
      relief_rating: starter ? null : 2,
      closer_rating: starter ? null : 5,
      injury_rating: "1p65",
      batting: "#1WR-C",
      offense_col: 1,
      hand: person[2] === "S" ? "R" : person[2],
    },
  ];
}

/** GET /pitchingcardratings?pitchingcard_id= */
export function pdPitchingCardRatings(pitchingCardId: number) {
  if (pdPitchingCards(pitchingCardId).length === 0) return [];
  return (["L", "R"] as const).map((vsHand, i) => ({
    id: pitchingCardId * 10 + i,
    pitchingcard: pitchingCardId,
    vs_hand: vsHand,
    ...PITCHING_SIDE,
  }));
}

/** GET /cardpositions?player_id= : a fielding rating per position he plays. */
export function pdCardPositions(playerId: number) {
  const n = realPlayerOf(playerId);
  const person = PEOPLE[n - 1];
  if (!person || !PD_PLAYERS.some((p) => p.player_id === playerId)) return [];
  return (FIELDERS[person[1]] ?? []).map((position, i) => ({
    id: playerId * 10 + i,
    player: playerId,
    variant: 0,
    position,
    innings: 900,
    range: 1 + ((n + i) % 5),
    error: 4 + n,
    arm: position === "C" || ["LF", "CF", "RF"].includes(position) ? (n % 5) - 2 : null,
    pb: position === "C" ? 3 : null,
    overthrow: position === "C" ? 10 : null,
  }));
}

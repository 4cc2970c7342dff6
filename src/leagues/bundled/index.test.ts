import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import {
  DEFAULT_SEED,
  generateLeagues,
  serialize,
} from "../../../scripts/generate-sample-league.js";
import { chancesByResultType } from "../../engine/card-layout.js";
import { FIELD_POSITIONS } from "../../engine/positions.js";
import { isLeagueError } from "../api/errors.js";
import { gameTeamFromRoster, pickCard } from "../source.js";
import { BundledDataError, bundledSource, createBundledSource } from "./index.js";
import { createBundledLeagueSources } from "./source.js";

const sba = bundledSource("sba");
const pd = bundledSource("pd");

describe("bundled sample leagues", () => {
  it("has at least four clearly fictional teams per league", async () => {
    for (const source of [sba, pd]) {
      const teams = await source.listTeams();
      assert.ok(teams.length >= 4);
      assert.equal(new Set(teams.map((t) => t.name)).size, teams.length);
    }
    assert.ok((await sba.listTeams()).some((t) => t.name === "Harbor City Lamplighters"));
  });

  it("fills 26-man rosters: 13 position players covering every position twice, 5 starters, 8 relievers", async () => {
    for (const source of [sba, pd]) {
      for (const team of await source.listTeams()) {
        const roster = (await source.getRoster(team.id))!;
        assert.equal(roster.players.length, 26, team.name);
        const pitchers = roster.players.filter((p) => p.pitching !== null);
        const batters = roster.players.filter((p) => p.pitching === null);
        assert.equal(batters.length, 13, team.name);
        const starters = pitchers.filter(
          (p) => p.pitching!.endurance.starter !== null && p.pitching!.endurance.reliever === null,
        );
        assert.equal(starters.length, 5, team.name);
        for (const s of starters)
          assert.ok(s.pitching!.endurance.starter! >= 5 && s.pitching!.endurance.starter! <= 7);
        const relievers = pitchers.filter((p) => p.pitching!.endurance.reliever !== null);
        assert.equal(relievers.length, 8, team.name);
        for (const position of FIELD_POSITIONS.filter((p) => p !== "P")) {
          const rated = batters.filter(
            (p) => p.eligible.includes(position) && p.fielding[position] !== undefined,
          );
          assert.ok(rated.length >= 2, `${team.name} has ${rated.length} men rated at ${position}`);
        }
        for (const p of pitchers)
          assert.ok(p.fielding.P, `${p.name} has a pitcher's fielding rating`);
      }
    }
  });

  it("gives every pitcher about 30 X-check chances per side, every side 108", async () => {
    const roster = (await pd.getRoster(201))!;
    for (const p of roster.players) {
      if (p.pitching === null) continue;
      for (const side of [p.pitching.vsLeft, p.pitching.vsRight]) {
        const types = chancesByResultType(side);
        assert.equal(types.get("XCHECK"), 30);
        assert.equal(Math.round([...types.values()].reduce((s, n) => s + n, 0) * 20) / 20, 108);
      }
    }
  });

  it("keeps printed strings on SBA players and a depth chart drawn from the roster", async () => {
    const roster = (await sba.getRoster(101))!;
    const player = (await sba.getPlayer(roster.players[0]!.id))!;
    assert.equal(player.league, "sba");
    assert.match(player.printed.fielding!, /^c-\d\(/);
    const team = gameTeamFromRoster(roster, 1);
    assert.equal(team.lineup.length, 9);
    assert.equal(team.lineup.filter((l) => l.position === "DH").length, 1);
    assert.equal(team.pitcher.id, roster.depth.rotation[1]);
    assert.equal(team.bench.length, 16);
    assert.equal(await sba.getCard(player.id), null);
  });

  it("has PD cards in two cardsets, some players in both, and the highest-priority cardset wins", async () => {
    const cardsets = await pd.listCardsets();
    assert.equal(cardsets.length, 2);
    const roster = (await pd.getRoster(201))!;
    const bundle = JSON.parse(readFileSync(new URL("./pd.json", import.meta.url), "utf8")) as {
      cards: { card_id: number; player_id: number; cardset_id: number }[];
    };
    const playerOf = new Map(bundle.cards.map((c) => [c.card_id, c.player_id]));
    let twoSets = 0;
    for (const card of roster.players) {
      const cards = await pd.getPlayerCards(playerOf.get(card.id)!);
      if (cards.length < 2) continue;
      twoSets += 1;
      const linked = new Map(cardsets.map((c) => [c.id, c.priority]));
      const best = pickCard(cards, linked)!;
      const top = Math.min(...cardsets.map((c) => c.priority));
      assert.equal(cardsets.find((c) => c.id === best.cardsetId)!.priority, top);
      const other = cardsets.find((c) => c.priority !== top)!;
      const onlyLow = pickCard(cards, new Map([[other.id, other.priority]]))!;
      assert.notEqual(onlyLow.cardId, best.cardId);
    }
    assert.ok(twoSets >= 3, `${twoSets} rostered players have cards in both sets`);
    assert.equal(await pd.getPlayer(roster.players[0]!.id), null);
  });

  it("refuses a bundle with a short roster, naming the team", () => {
    const data = JSON.parse(readFileSync(new URL("./sba.json", import.meta.url), "utf8"));
    data.teams[0].roster.pop();
    assert.throws(
      () => createBundledSource("sba", data),
      (e: unknown) =>
        e instanceof BundledDataError &&
        /Harbor City Lamplighters\): roster has 25 men, not 26/.test(e.message),
    );
  });

  it("is exactly what the seeded generator writes", () => {
    const leagues = generateLeagues(DEFAULT_SEED);
    assert.equal(
      readFileSync(new URL("./sba.json", import.meta.url), "utf8"),
      serialize(leagues.sba),
    );
    assert.equal(
      readFileSync(new URL("./pd.json", import.meta.url), "utf8"),
      serialize(leagues.pd),
    );
  });
});

describe("bundled sources in the service layer's shapes", () => {
  const sources = createBundledLeagueSources();

  it("serves SBA teams, rosters and players, with not-found as a LeagueError", async () => {
    const teams = await sources.sba.listTeams();
    assert.equal(teams.length, 4);
    const roster = await sources.sba.getRoster(teams[0]!.id);
    assert.equal(roster.players.length, 26);
    assert.ok(roster.players.every((p) => p.hasGrid && p.teamId === teams[0]!.id));
    assert.ok(roster.players.some((p) => p.positionCodes.includes("SP")));
    await assert.rejects(sources.sba.getTeam(9999), (e: unknown) =>
      isLeagueError(e, "league/not_found"),
    );
    const full = await sources.sba.getSbaPlayer(roster.players[0]!.playerId);
    assert.equal(full.batting.vsLeft.columns.length, 3);
  });

  it("serves PD cardsets with priorities, rosters with holdings in both sets, and cards", async () => {
    const cardsets = await sources.pd.listCardsets();
    assert.deepEqual(
      cardsets.map((c) => c.priority),
      [1, 2],
    );
    const roster = await sources.pd.getRoster(201);
    assert.equal(roster.cards.length, 26);
    assert.ok(roster.holdings.length > roster.cards.length);
    assert.ok(new Set(roster.holdings.map((c) => c.cardsetId)).size === 2);
    const card = await sources.pd.getCard(roster.cards[0]!.cardId);
    assert.equal(card.cardId, roster.cards[0]!.cardId);
    await assert.rejects(sources.pd.getCard(1), (e: unknown) =>
      isLeagueError(e, "league/not_found"),
    );
  });
});

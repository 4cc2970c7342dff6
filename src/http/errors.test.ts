import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { HttpError, mapError, statusForCode } from "./errors.js";

describe("statusForCode: namespaced domain codes to HTTP statuses", () => {
  const table: Array<[string, number | undefined]> = [
    ["db/version_conflict", 409],
    ["db/unknown_game", 404],
    ["db/unreachable", 503],
    ["auth/forbidden", 403],
    ["auth/not_owner", 403],
    ["auth/token_expired", 401],
    ["auth/token_missing", 401],
    ["league/unknown_player", 404],
    ["games/not_found", 404],
    ["decision/stale_version", 409],
    ["decision/not_your_turn", 409],
    ["request/too_many_players", 400],
    ["lineup/invalid_position", undefined],
    ["ECONNREFUSED", undefined],
    ["FST_ERR_NOT_FOUND", undefined],
  ];
  for (const [code, status] of table) {
    test(`${code} -> ${status ?? "unmapped (500)"}`, () => {
      assert.equal(statusForCode(code), status);
    });
  }
});

describe("mapError", () => {
  test("an HttpError is answered as written, even a 503", () => {
    const mapped = mapError(HttpError.unavailable("health/not_ready", "Not ready: db", { x: 1 }));
    assert.equal(mapped.status, 503);
    assert.deepEqual(mapped.body, {
      error: { code: "health/not_ready", message: "Not ready: db", details: { x: 1 } },
    });
    assert.equal(mapped.isServerFault, false);
  });

  test("a domain 5xx keeps its code but hides its text", () => {
    const err = Object.assign(new Error("connect ECONNREFUSED postgres://u:pw@h"), {
      code: "db/unreachable",
      details: { host: "h" },
    });
    const mapped = mapError(err);
    assert.equal(mapped.status, 503);
    assert.deepEqual(mapped.body.error, {
      code: "db/unreachable",
      message: "Service unavailable",
      details: null,
    });
    assert.equal(mapped.isServerFault, true);
  });

  test("an error with an unmapped code is a 500 server/internal", () => {
    const mapped = mapError(Object.assign(new Error("odd"), { code: "lineup/invalid_position" }));
    assert.equal(mapped.status, 500);
    assert.equal(mapped.body.error.code, "server/internal");
  });

  test("anything thrown, even a string, becomes a 500", () => {
    assert.equal(mapError("oops").status, 500);
    assert.equal(mapError(undefined).status, 500);
  });

  test("a plain 4xx from a plugin keeps its status", () => {
    const mapped = mapError(Object.assign(new Error("Not allowed"), { statusCode: 403 }));
    assert.equal(mapped.status, 403);
    assert.equal(mapped.body.error.code, "request/rejected");
  });
});

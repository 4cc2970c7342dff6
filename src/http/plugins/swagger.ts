// App plugin: OpenAPI 3 generated from the zod route schemas. The document is served at
// /docs/json and the Swagger UI at /docs. Registered before any route so it sees them all.

import fastifySwagger from "@fastify/swagger";
import fastifySwaggerUi from "@fastify/swagger-ui";
import type { FastifyPluginAsync } from "fastify";
import fp from "fastify-plugin";
import { jsonSchemaTransform, jsonSchemaTransformObject } from "fastify-type-provider-zod";

export const DOCS_PREFIX = "/docs";

const swaggerPlugin: FastifyPluginAsync<{ version: string }> = async (fastify, { version }) => {
  await fastify.register(fastifySwagger, {
    openapi: {
      openapi: "3.0.3",
      info: {
        title: "Dugout",
        description:
          "Server-authoritative Strat-style baseball card games (SBA and Paper Dynasty). " +
          'Every 4xx and 5xx answer has the body {"error":{"code","message","details"}}.',
        version,
      },
      tags: [{ name: "health", description: "Liveness and readiness" }],
      components: {
        securitySchemes: {
          // Routes behind `authenticate` declare `security: [{ bearerAuth: [] }]`.
          bearerAuth: {
            type: "http",
            scheme: "bearer",
            bearerFormat: "JWT",
            description: "An access token from the auth routes",
          },
        },
      },
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  await fastify.register(fastifySwaggerUi, { routePrefix: DOCS_PREFIX });
};

export default fp(swaggerPlugin, { name: "dugout-swagger", fastify: "5.x" });

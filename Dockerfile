# VisionGate API + client in one image (see docker-compose.yml).
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY . .
RUN npm ci --no-audit --no-fund && npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
# glibc malloc: two arenas (libvips' threads otherwise each keep their own, and the peak memory of
# an image upload grew from about 2.5 to 3.4 times its size), and blocks of 128 KB or more mapped
# on their own, so image buffers go back to the system when freed (bench/README.md, memory).
ENV NODE_ENV=production PORT=4000 HOST=0.0.0.0 MALLOC_ARENA_MAX=2 MALLOC_MMAP_THRESHOLD_=131072
WORKDIR /app
COPY --from=build /app /app
# Secrets left unset are generated here on first start (deploy/docker-entrypoint.sh); mount a
# volume to keep them across containers and share them between replicas.
RUN mkdir -p /var/lib/visiongate/secrets && chown node:node /var/lib/visiongate/secrets
VOLUME /var/lib/visiongate/secrets
EXPOSE 4000
USER node
ENTRYPOINT ["sh", "/app/deploy/docker-entrypoint.sh"]
CMD ["node", "server/dist/main.js"]

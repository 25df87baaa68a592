# syntax=docker/dockerfile:1
# Orderflow: one image for every service; ORDERFLOW_SERVICES picks what a container runs (orders, relay, inventory).
#
#   docker build -t orderflow .
#   docker run --rm -p 8080:8080 -e ORDERFLOW_DB_URL=... -e ORDERFLOW_REDIS_URL=... orderflow
#
# Tests are not run here (they need PostgreSQL and Redis): run `mvn -B verify` (or .ci/run) before building.

# --- build: the fat jar ----------------------------------------------------------------------------------------------
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /build
COPY pom.xml application.properties ./
COPY routes routes
COPY src/main src/main
# the Maven repository is a BuildKit cache: a rebuild after a source change downloads nothing
RUN --mount=type=cache,target=/root/.m2 mvn -B -q -Dmaven.test.skip=true package

# --- run: a JRE on Ubuntu (glibc: the embedded PostgreSQL fallback in the jar is a glibc build, not for Alpine) ---------
FROM eclipse-temurin:17-jre-jammy
LABEL org.opencontainers.image.title="orderflow" \
      org.opencontainers.image.description="Event-driven order system: order API, outbox relay, inventory (Apache Camel)"

# an unprivileged user; group 0 so that platforms running containers under an arbitrary uid (OpenShift) can write too
RUN useradd --system --uid 10001 --gid 0 --home-dir /app --shell /usr/sbin/nologin orderflow \
    && mkdir -p /app/data && chown -R 10001:0 /app && chmod -R g=u /app
WORKDIR /app
COPY --from=build --chown=10001:0 /build/target/orderflow.jar /app/orderflow.jar
COPY --chown=10001:0 deploy/cds-archive.sh /app/cds-archive.sh
USER 10001

# AppCDS: one training run (embedded servers, one order placed) archives every class the start loads, parsed and
# verified; the entrypoint maps them (start to first 201 about halved). Without the archive (training
# failed, or JAVA_TOOL_OPTIONS changed the JVM in a way that does not match it) the JVM simply loads from the jar.
RUN ORDERFLOW_DATA_DIR=/tmp/cds-training /app/cds-archive.sh /app/orderflow.jar /app/orderflow.jsa \
    || echo "No AppCDS archive: the image starts without it"; rm -rf /tmp/cds-training

# With ORDERFLOW_DB_URL / ORDERFLOW_REDIS_URL unset the jar starts embedded servers (trying it only): their data
# goes to /app/data, a volume. Flows can be replaced without rebuilding by mounting files into /app/routes.
ENV ORDERFLOW_HTTP_PORT=8080 \
    ORDERFLOW_DATA_DIR=/app/data \
    ORDERFLOW_LOG_FORMAT=json
VOLUME /app/data
EXPOSE 8080

# Ready = every route and consumer of this process is up (Redis and PostgreSQL reachable). No curl in the image:
# bash's /dev/tcp does the GET.
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
    CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/${ORDERFLOW_HTTP_PORT} && printf 'GET /observe/health/ready HTTP/1.0\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q ' 200 '"]

# Exec form: java is PID 1 and receives SIGTERM itself, which starts the graceful shutdown (orderflow.shutdown-timeout,
# 30 s; give the container longer: docker stop -t 45, Kubernetes terminationGracePeriodSeconds). The JVM sizes its heap
# from the container's memory limit; it exits on OutOfMemoryError so the platform restarts it instead of leaving it
# half alive. Add JVM options with JAVA_TOOL_OPTIONS.
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=65", "-XX:InitialRAMPercentage=25", "-XX:+ExitOnOutOfMemoryError", \
            "-XX:SharedArchiveFile=/app/orderflow.jsa", "-Xlog:cds=off", "-Xlog:cds+dynamic=off", \
            "-jar", "/app/orderflow.jar"]

-- Proxmox Manager schema. Portable SQL: runs on the embedded HSQLDB and on PostgreSQL.
-- Times are epoch milliseconds (UTC). JSON documents are stored as text.

-- Every write of a named resource is a new row; rows are never updated or deleted.
CREATE TABLE resource_versions (
    instance_name VARCHAR(128)      NOT NULL,  -- definition that wrote it, e.g. fleet
    model_type    VARCHAR(128)      NOT NULL,  -- e.g. proxmox/vm
    spec          VARCHAR(128)      NOT NULL,  -- e.g. vm
    name          VARCHAR(256)      NOT NULL,  -- e.g. allthemons
    version       INTEGER           NOT NULL,  -- 1, 2, 3... latest = highest
    attributes    VARCHAR(10000000) NOT NULL,  -- JSON object
    method        VARCHAR(128),                -- method that wrote it
    run_id        VARCHAR(36),
    step_id       VARCHAR(128),
    created_at    BIGINT            NOT NULL,
    PRIMARY KEY (instance_name, spec, name, version)
);

-- One row per workflow run or single method run.
CREATE TABLE runs (
    id          VARCHAR(36)      NOT NULL PRIMARY KEY,
    kind        VARCHAR(16)      NOT NULL,  -- workflow | method
    target      VARCHAR(256)     NOT NULL,  -- workflow name, or instance.method
    origin      VARCHAR(256)     NOT NULL,  -- cli:<user> | http | schedule | discord:<user>
    inputs      VARCHAR(1000000) NOT NULL,  -- JSON, secrets masked
    status      VARCHAR(16)      NOT NULL,  -- RUNNING | SUCCEEDED | FAILED | INTERRUPTED
    started_at  BIGINT           NOT NULL,
    finished_at BIGINT,
    error       VARCHAR(100000)
);
CREATE INDEX runs_by_start ON runs (started_at);

-- One row per execution of a workflow step (a step inside a parallel split runs once per branch).
CREATE TABLE run_steps (
    run_id      VARCHAR(36)    NOT NULL,
    seq         INTEGER        NOT NULL,
    step_id     VARCHAR(128)   NOT NULL,
    description VARCHAR(1000),
    status      VARCHAR(16)    NOT NULL,  -- RUNNING | SUCCEEDED | FAILED | SKIPPED | INTERRUPTED
    started_at  BIGINT,
    finished_at BIGINT,
    error       VARCHAR(100000),
    PRIMARY KEY (run_id, seq)
);

-- Log lines of a run, in order; step_seq links a line to the step execution that wrote it.
CREATE TABLE run_logs (
    run_id    VARCHAR(36)    NOT NULL,
    seq       INTEGER        NOT NULL,
    step_seq  INTEGER,
    source    VARCHAR(256),              -- instance.method that logged it
    logged_at BIGINT         NOT NULL,
    line      VARCHAR(100000) NOT NULL,
    PRIMARY KEY (run_id, seq)
);

-- Secrets, AES-GCM encrypted with the vault key (base64 of nonce + ciphertext).
CREATE TABLE vault_secrets (
    vault_name VARCHAR(128)   NOT NULL,
    secret_key VARCHAR(256)   NOT NULL,
    sealed     VARCHAR(100000) NOT NULL,
    updated_at BIGINT         NOT NULL,
    PRIMARY KEY (vault_name, secret_key)
);

-- Consumer API of the DVCQG sync outbox (issue 3 item 8, issue 12 item 7;
-- docs/reference/lifecycle/outbox.md).
--
-- dossier.transition writes one outbox row per event in the event's
-- transaction.  A sync worker claims a batch (claim_outbox), sends it to the
-- national portal, then acknowledges what was accepted (ack_outbox) and
-- reports what failed (fail_outbox, which schedules a retry with exponential
-- back-off).  Claims are leases: a worker that dies loses its claim when the
-- lease ends, and its late acknowledgement is refused because the claim
-- token no longer matches.  Messages of one dossier are delivered in event
-- order: a batch holds, per dossier, the earliest unsent message and those
-- that follow it, in seq order.  After dossier.outbox_max_attempts failed
-- attempts a message is dead-lettered (dead_at); the later messages of its
-- dossier wait for it, because DVCQG must receive a dossier's statuses in
-- order, until a DBA requeues it (requeue_outbox).  NOTIFY dossier_outbox
-- only wakes workers; they also poll.

-- The dead-letter state belongs to the consumer API, so its column is added
-- here rather than where the table is created (92_dossier.sql).
ALTER TABLE dossier.outbox ADD COLUMN dead_at timestamptz;
COMMENT ON COLUMN dossier.outbox.dead_at IS
  'when the message was dead-lettered: its attempts reached dossier.outbox_max_attempts; it and the later messages of its dossier are not claimed until dossier.requeue_outbox. NULL otherwise';

CREATE FUNCTION dossier.outbox_max_attempts() RETURNS int4
  LANGUAGE C STABLE STRICT PARALLEL SAFE AS 'MODULE_PATHNAME', 'outbox_max_attempts';
COMMENT ON FUNCTION dossier.outbox_max_attempts() IS
  'the setting dossier.outbox_max_attempts (failed deliveries after which fail_outbox dead-letters a message); calling it loads the library, which defines the setting';

CREATE FUNCTION dossier.claim_outbox(batch_size int4 DEFAULT 100,
                                     lease interval DEFAULT '5 minutes')
  RETURNS TABLE (id int8, dossier dossier.dossier_code, seq int4, idempotency_key text,
                 payload jsonb, attempts int4, claim_token uuid, claimed_until timestamptz)
  LANGUAGE plpgsql VOLATILE CALLED ON NULL INPUT PARALLEL UNSAFE SECURITY DEFINER
  SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
DECLARE
  token uuid := gen_random_uuid();
BEGIN
  IF batch_size IS NULL OR batch_size OPERATOR(pg_catalog.<) 1 OR batch_size OPERATOR(pg_catalog.>) 10000 THEN
    RAISE EXCEPTION 'batch size % is out of range', batch_size
      USING ERRCODE = 'invalid_parameter_value',
            DETAIL = 'A batch has 1 to 10000 messages.',
            HINT = 'Claim what one request to DVCQG can carry, e.g. 100.';
  END IF;
  IF lease IS NULL OR lease OPERATOR(pg_catalog.<) interval '1 second' OR lease OPERATOR(pg_catalog.>) interval '1 day' THEN
    RAISE EXCEPTION 'lease % is out of range', lease
      USING ERRCODE = 'invalid_parameter_value',
            DETAIL = 'A lease lasts from 1 second to 1 day.',
            HINT = 'Use a little more than the time a batch takes to send, e.g. 5 minutes.';
  END IF;
  -- 1. heads: the earliest unsent message of each dossier, when it is due,
  --    not dead and not under a live claim; oldest due first, locked with
  --    SKIP LOCKED so that concurrent workers take different dossiers.
  -- 2. followers: the next messages of the heads' dossiers, each due, not
  --    dead and not under a live claim, locked the same way.
  -- 3. kept: per dossier, the head and the followers before the first
  --    unsent message this claim did not lock (another worker or an
  --    acknowledgement holds it, or it is not due): a claim never skips a
  --    message of a dossier.
  -- 4. the first batch_size of them, dossier by dossier in seq order.
  RETURN QUERY
  WITH heads AS MATERIALIZED (
    SELECT o.id, o.dossier, o.seq, o.next_attempt_at
    FROM dossier.outbox o
    WHERE o.sent_at IS NULL
      AND o.dead_at IS NULL
      AND o.next_attempt_at OPERATOR(pg_catalog.<=) pg_catalog.now()
      AND (o.claimed_until IS NULL OR o.claimed_until OPERATOR(pg_catalog.<) pg_catalog.now())
      AND NOT EXISTS (SELECT 1 FROM dossier.outbox p
                      WHERE p.dossier OPERATOR(dossier.=) o.dossier
                        AND p.seq OPERATOR(pg_catalog.<) o.seq
                        AND p.sent_at IS NULL)
    ORDER BY o.next_attempt_at, o.id
    LIMIT batch_size
    FOR UPDATE SKIP LOCKED
  ), followers AS MATERIALIZED (
    SELECT f.id, f.dossier, f.seq
    FROM heads h JOIN dossier.outbox f
      ON f.dossier OPERATOR(dossier.=) h.dossier AND f.seq OPERATOR(pg_catalog.>) h.seq
    WHERE f.sent_at IS NULL
      AND f.dead_at IS NULL
      AND f.next_attempt_at OPERATOR(pg_catalog.<=) pg_catalog.now()
      AND (f.claimed_until IS NULL OR f.claimed_until OPERATOR(pg_catalog.<) pg_catalog.now())
    FOR UPDATE OF f SKIP LOCKED
  ), gap AS (
    -- the first unsent message after each head that this claim did not lock
    SELECT h.id AS head, pg_catalog.min(u.seq) AS seq
    FROM heads h JOIN dossier.outbox u
      ON u.dossier OPERATOR(dossier.=) h.dossier AND u.seq OPERATOR(pg_catalog.>) h.seq
    WHERE u.sent_at IS NULL
      AND NOT EXISTS (SELECT 1 FROM followers f WHERE f.id OPERATOR(pg_catalog.=) u.id)
    GROUP BY h.id
  ), kept AS (
    SELECT h.id, h.seq, h.next_attempt_at AS head_due, h.id AS head_id FROM heads h
    UNION ALL
    SELECT f.id, f.seq, h.next_attempt_at, h.id
    FROM followers f JOIN heads h ON h.dossier OPERATOR(dossier.=) f.dossier
    LEFT JOIN gap g ON g.head OPERATOR(pg_catalog.=) h.id
    WHERE g.seq IS NULL OR f.seq OPERATOR(pg_catalog.<) g.seq
  ), batch AS MATERIALIZED (
    SELECT k.id, pg_catalog.row_number() OVER (ORDER BY k.head_due, k.head_id, k.seq) AS rn
    FROM kept k
    ORDER BY k.head_due, k.head_id, k.seq
    LIMIT batch_size
  ), claimed AS (
    UPDATE dossier.outbox o
       SET claim_token = token,
           claimed_until = pg_catalog.now() OPERATOR(pg_catalog.+) lease
      FROM batch b
     WHERE o.id OPERATOR(pg_catalog.=) b.id
    RETURNING o.id, o.dossier, o.seq, o.idempotency_key, o.payload, o.attempts,
              o.claim_token, o.claimed_until, b.rn
  )
  SELECT c.id, c.dossier, c.seq, c.idempotency_key, c.payload, c.attempts,
         c.claim_token, c.claimed_until
  FROM claimed c
  ORDER BY c.rn;
END $$;
COMMENT ON FUNCTION dossier.claim_outbox(int4, interval) IS
  'claim up to batch_size pending messages for lease: for the dossiers whose earliest unsent message is due first, that message and the due ones that follow it, dossier by dossier in event order (never a later message without its predecessors); dead-lettered messages and those behind them are not claimed; rows other workers are claiming are skipped (FOR UPDATE SKIP LOCKED); returns them in sending order with the claim token to acknowledge them with';

CREATE FUNCTION dossier.ack_outbox(claim_token uuid, ids int8[] DEFAULT NULL)
  RETURNS int4
  LANGUAGE sql VOLATILE PARALLEL UNSAFE SECURITY DEFINER
  SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
  WITH done AS (
    UPDATE dossier.outbox o
       SET sent_at = pg_catalog.now(), claim_token = NULL, claimed_until = NULL, last_error = NULL
     WHERE o.claim_token OPERATOR(pg_catalog.=) ack_outbox.claim_token
       AND o.sent_at IS NULL
       AND (ack_outbox.ids IS NULL OR o.id OPERATOR(pg_catalog.=) ANY (ack_outbox.ids))
    RETURNING 1)
  SELECT pg_catalog.count(*)::int4 FROM done;
END;
COMMENT ON FUNCTION dossier.ack_outbox(uuid, int8[]) IS
  'mark the messages of a claim as delivered (all of them, or those in ids); returns how many were acknowledged. A claim whose lease ran out and was taken by another worker acknowledges nothing';

CREATE FUNCTION dossier.fail_outbox(claim_token uuid, id int8, error text,
                                    base_delay interval DEFAULT '10 seconds',
                                    max_delay interval DEFAULT '1 hour')
  RETURNS timestamptz
  LANGUAGE sql VOLATILE PARALLEL UNSAFE SECURITY DEFINER
  SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
  WITH failed AS (
    UPDATE dossier.outbox o
       SET attempts = o.attempts OPERATOR(pg_catalog.+) 1,
           last_error = pg_catalog.left(fail_outbox.error, 2000),
           claim_token = NULL,
           claimed_until = NULL,
           dead_at = CASE WHEN o.attempts OPERATOR(pg_catalog.+) 1 OPERATOR(pg_catalog.>=) dossier.outbox_max_attempts()
                          THEN pg_catalog.now() END,
           next_attempt_at =
             CASE WHEN o.attempts OPERATOR(pg_catalog.+) 1 OPERATOR(pg_catalog.>=) dossier.outbox_max_attempts()
                  THEN 'infinity'::timestamptz
                  ELSE pg_catalog.now() OPERATOR(pg_catalog.+)
                       LEAST(fail_outbox.max_delay,
                             fail_outbox.base_delay OPERATOR(pg_catalog.*)
                               pg_catalog.power(2, LEAST(o.attempts, 30))::float8) END
     WHERE o.claim_token OPERATOR(pg_catalog.=) fail_outbox.claim_token
       AND o.id OPERATOR(pg_catalog.=) fail_outbox.id
       AND o.sent_at IS NULL
    RETURNING o.dossier, o.seq, o.next_attempt_at
  ), held_back AS (
    -- the later messages of the dossier in the same claim must not be sent
    -- before this one: give them back (no attempt counted)
    UPDATE dossier.outbox o
       SET claim_token = NULL, claimed_until = NULL
      FROM failed f
     WHERE o.claim_token OPERATOR(pg_catalog.=) fail_outbox.claim_token
       AND o.dossier OPERATOR(dossier.=) f.dossier
       AND o.seq OPERATOR(pg_catalog.>) f.seq
       AND o.sent_at IS NULL
    RETURNING 1
  )
  SELECT f.next_attempt_at FROM failed f;
END;
COMMENT ON FUNCTION dossier.fail_outbox(uuid, int8, text, interval, interval) IS
  'record a failed delivery of one claimed message: count the attempt, keep the error, release the claim and schedule the retry after base_delay * 2^(attempts so far), at most max_delay; at dossier.outbox_max_attempts attempts dead-letter it instead (returns infinity). Gives back the later messages of its dossier in the same claim, which wait for it. Returns the time of the next attempt (NULL when the claim no longer holds the message)';

CREATE FUNCTION dossier.requeue_outbox(ids int8[])
  RETURNS int4
  LANGUAGE plpgsql VOLATILE CALLED ON NULL INPUT PARALLEL UNSAFE SECURITY DEFINER
  SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  msg record;
  n int4;
BEGIN
  IF ids IS NULL OR pg_catalog.array_position(ids, NULL) IS NOT NULL THEN
    RAISE EXCEPTION 'message ids must not be null'
      USING ERRCODE = 'null_value_not_allowed',
            DETAIL = 'requeue_outbox takes an array of outbox message ids, none of them NULL.',
            HINT = 'Pass ARRAY(SELECT id FROM dossier.outbox WHERE dead_at IS NOT NULL) to requeue every dead letter.';
  END IF;
  -- lock the rows, then check every id before changing any
  PERFORM 1 FROM dossier.outbox o WHERE o.id OPERATOR(pg_catalog.=) ANY (ids)
    ORDER BY o.id FOR UPDATE;
  FOR msg IN
    SELECT i.id, o.id AS found, o.dossier, o.seq, o.sent_at, o.dead_at
    FROM pg_catalog.unnest(ids) AS i(id)
    LEFT JOIN dossier.outbox o ON o.id OPERATOR(pg_catalog.=) i.id
    ORDER BY i.id
  LOOP
    IF msg.found IS NULL THEN
      RAISE EXCEPTION 'outbox message % does not exist', msg.id
        USING ERRCODE = '@ERRCODE_UNKNOWN_OUTBOX_MESSAGE@',
              DETAIL = pg_catalog.format('No row of dossier.outbox has the id %s; delivered messages are deleted by purge_outbox.', msg.id),
              HINT = 'List the dead letters with SELECT id FROM dossier.outbox WHERE dead_at IS NOT NULL.';
    END IF;
    IF msg.dead_at IS NULL THEN
      RAISE EXCEPTION 'outbox message % is not dead-lettered', msg.id
        USING ERRCODE = '@ERRCODE_NOT_DEAD_LETTER@',
              DETAIL = pg_catalog.format('Message %s (event %s of dossier %s) is %s; only a dead-lettered message is requeued.',
                                         msg.id, msg.seq, msg.dossier,
                                         CASE WHEN msg.sent_at IS NULL THEN 'still pending' ELSE 'delivered' END),
              HINT = 'List the dead letters with SELECT id FROM dossier.outbox WHERE dead_at IS NOT NULL.';
    END IF;
  END LOOP;
  UPDATE dossier.outbox o
     SET dead_at = NULL, attempts = 0, next_attempt_at = pg_catalog.now()
   WHERE o.id OPERATOR(pg_catalog.=) ANY (ids);
  GET DIAGNOSTICS n = ROW_COUNT;
  RETURN n;
END $$;
COMMENT ON FUNCTION dossier.requeue_outbox(int8[]) IS
  'give dead-lettered messages a new series of attempts (attempts 0, due now; last_error is kept), which also lets the later messages of their dossiers through; every id must name a dead letter (VN130, VN131), or nothing is requeued; returns how many';

CREATE FUNCTION dossier.release_outbox(claim_token uuid)
  RETURNS int4
  LANGUAGE sql VOLATILE PARALLEL UNSAFE SECURITY DEFINER
  SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
  WITH released AS (
    UPDATE dossier.outbox o
       SET claim_token = NULL, claimed_until = NULL
     WHERE o.claim_token OPERATOR(pg_catalog.=) release_outbox.claim_token
       AND o.sent_at IS NULL
    RETURNING 1)
  SELECT pg_catalog.count(*)::int4 FROM released;
END;
COMMENT ON FUNCTION dossier.release_outbox(uuid) IS
  'give back the unacknowledged messages of a claim without counting an attempt (a worker shutting down); returns how many';

CREATE FUNCTION dossier.purge_outbox(older_than interval DEFAULT '90 days')
  RETURNS int8
  LANGUAGE sql VOLATILE PARALLEL UNSAFE SECURITY DEFINER
  SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
  WITH gone AS (
    DELETE FROM dossier.outbox o
     WHERE o.sent_at OPERATOR(pg_catalog.<) (pg_catalog.now() OPERATOR(pg_catalog.-) purge_outbox.older_than)
    RETURNING 1)
  SELECT pg_catalog.count(*) FROM gone;
END;
COMMENT ON FUNCTION dossier.purge_outbox(interval) IS
  'delete messages delivered more than older_than ago (the history keeps every event); returns how many';

CREATE VIEW dossier.outbox_status AS
SELECT pg_catalog.count(*) FILTER (WHERE o.sent_at IS NULL) AS pending,
       pg_catalog.count(*) FILTER (WHERE o.sent_at IS NULL AND o.claimed_until OPERATOR(pg_catalog.>=) pg_catalog.now()) AS claimed,
       pg_catalog.count(*) FILTER (WHERE o.sent_at IS NULL AND o.dead_at IS NULL AND o.attempts OPERATOR(pg_catalog.>) 0) AS failing,
       pg_catalog.max(o.attempts) FILTER (WHERE o.sent_at IS NULL) AS max_attempts,
       pg_catalog.now() OPERATOR(pg_catalog.-) pg_catalog.min(o.created_at) FILTER (WHERE o.sent_at IS NULL) AS oldest_pending_age,
       pg_catalog.count(*) FILTER (WHERE o.sent_at IS NOT NULL) AS delivered,
       pg_catalog.count(*) FILTER (WHERE o.sent_at IS NULL AND o.dead_at IS NOT NULL) AS dead,
       pg_catalog.count(*) FILTER (WHERE o.sent_at IS NULL AND o.dead_at IS NULL AND
                                         d.dossier IS NOT NULL AND o.seq OPERATOR(pg_catalog.>) d.seq) AS held,
       pg_catalog.now() OPERATOR(pg_catalog.-) pg_catalog.min(o.dead_at) AS oldest_dead_age
FROM dossier.outbox o
LEFT JOIN (SELECT x.dossier, pg_catalog.min(x.seq) AS seq
           FROM dossier.outbox x
           WHERE x.dead_at IS NOT NULL AND x.sent_at IS NULL
           GROUP BY x.dossier) d
  ON d.dossier OPERATOR(dossier.=) o.dossier;
COMMENT ON VIEW dossier.outbox_status IS
  'health of the DVCQG outbox: pending (undelivered, dead letters included), claimed and failing (not yet dead) messages, the most attempts, the age of the oldest pending message, delivered messages not yet purged, dead letters, messages held behind a dead letter of their dossier, and how long the oldest dead letter has waited for dossier.requeue_outbox';

REVOKE ALL ON FUNCTION dossier.claim_outbox(int4, interval) FROM PUBLIC;
REVOKE ALL ON FUNCTION dossier.ack_outbox(uuid, int8[]) FROM PUBLIC;
REVOKE ALL ON FUNCTION dossier.fail_outbox(uuid, int8, text, interval, interval) FROM PUBLIC;
REVOKE ALL ON FUNCTION dossier.release_outbox(uuid) FROM PUBLIC;
REVOKE ALL ON FUNCTION dossier.purge_outbox(interval) FROM PUBLIC;
REVOKE ALL ON FUNCTION dossier.requeue_outbox(int8[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION dossier.claim_outbox(int4, interval), dossier.ack_outbox(uuid, int8[]),
  dossier.fail_outbox(uuid, int8, text, interval, interval), dossier.release_outbox(uuid)
  TO dossier_portal, dossier_dba;
GRANT EXECUTE ON FUNCTION dossier.purge_outbox(interval), dossier.requeue_outbox(int8[]) TO dossier_dba;
GRANT SELECT ON dossier.outbox_status TO dossier_auditor, dossier_dba, dossier_portal;

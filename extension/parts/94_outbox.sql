-- Consumer API of the DVCQG sync outbox (issue 3 item 8;
-- docs/reference/lifecycle/outbox.md).
--
-- dossier.transition writes one outbox row per event in the event's
-- transaction.  A sync worker claims a batch (claim_outbox), sends it to the
-- national portal, then acknowledges what was accepted (ack_outbox) and
-- reports what failed (fail_outbox, which schedules a retry with exponential
-- back-off).  Claims are leases: a worker that dies loses its claim when the
-- lease ends, and its late acknowledgement is refused because the claim
-- token no longer matches.  Messages of one dossier are claimable one at a
-- time, in event order: the next becomes claimable once the previous one is
-- acknowledged.  NOTIFY dossier_outbox only wakes workers; they also poll.

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
  RETURN QUERY
  WITH candidate AS (
    SELECT o.id
    FROM dossier.outbox o
    WHERE o.sent_at IS NULL
      AND o.next_attempt_at OPERATOR(pg_catalog.<=) pg_catalog.now()
      AND (o.claimed_until IS NULL OR o.claimed_until OPERATOR(pg_catalog.<) pg_catalog.now())
      AND NOT EXISTS (SELECT 1 FROM dossier.outbox p
                      WHERE p.dossier OPERATOR(dossier.=) o.dossier
                        AND p.seq OPERATOR(pg_catalog.<) o.seq
                        AND p.sent_at IS NULL)
    ORDER BY o.next_attempt_at, o.id
    LIMIT batch_size
    FOR UPDATE SKIP LOCKED
  )
  UPDATE dossier.outbox o
     SET claim_token = token,
         claimed_until = pg_catalog.now() OPERATOR(pg_catalog.+) lease
    FROM candidate c
   WHERE o.id OPERATOR(pg_catalog.=) c.id
  RETURNING o.id, o.dossier, o.seq, o.idempotency_key, o.payload, o.attempts,
            o.claim_token, o.claimed_until;
END $$;
COMMENT ON FUNCTION dossier.claim_outbox(int4, interval) IS
  'claim up to batch_size pending messages for lease (the oldest due first, at most one per dossier: the earliest unsent event), skipping rows other workers are claiming (FOR UPDATE SKIP LOCKED); returns them with the claim token to acknowledge them with';

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
  UPDATE dossier.outbox o
     SET attempts = o.attempts OPERATOR(pg_catalog.+) 1,
         last_error = pg_catalog.left(fail_outbox.error, 2000),
         claim_token = NULL,
         claimed_until = NULL,
         next_attempt_at = pg_catalog.now() OPERATOR(pg_catalog.+)
           LEAST(fail_outbox.max_delay,
                 fail_outbox.base_delay OPERATOR(pg_catalog.*)
                   pg_catalog.power(2, LEAST(o.attempts, 30))::float8)
   WHERE o.claim_token OPERATOR(pg_catalog.=) fail_outbox.claim_token
     AND o.id OPERATOR(pg_catalog.=) fail_outbox.id
     AND o.sent_at IS NULL
  RETURNING o.next_attempt_at;
END;
COMMENT ON FUNCTION dossier.fail_outbox(uuid, int8, text, interval, interval) IS
  'record a failed delivery of one claimed message: count the attempt, keep the error, release the claim and schedule the retry after base_delay * 2^(attempts so far), at most max_delay; returns the time of the next attempt (NULL when the claim no longer holds the message). Later messages of the same dossier wait for it';

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
SELECT pg_catalog.count(*) FILTER (WHERE sent_at IS NULL) AS pending,
       pg_catalog.count(*) FILTER (WHERE sent_at IS NULL AND claimed_until OPERATOR(pg_catalog.>=) pg_catalog.now()) AS claimed,
       pg_catalog.count(*) FILTER (WHERE sent_at IS NULL AND attempts OPERATOR(pg_catalog.>) 0) AS failing,
       pg_catalog.max(attempts) FILTER (WHERE sent_at IS NULL) AS max_attempts,
       pg_catalog.now() OPERATOR(pg_catalog.-) pg_catalog.min(created_at) FILTER (WHERE sent_at IS NULL) AS oldest_pending_age,
       pg_catalog.count(*) FILTER (WHERE sent_at IS NOT NULL) AS delivered
FROM dossier.outbox;
COMMENT ON VIEW dossier.outbox_status IS
  'health of the DVCQG outbox: pending, claimed and failing messages, the most attempts, the age of the oldest pending message, delivered messages not yet purged';

REVOKE ALL ON FUNCTION dossier.claim_outbox(int4, interval) FROM PUBLIC;
REVOKE ALL ON FUNCTION dossier.ack_outbox(uuid, int8[]) FROM PUBLIC;
REVOKE ALL ON FUNCTION dossier.fail_outbox(uuid, int8, text, interval, interval) FROM PUBLIC;
REVOKE ALL ON FUNCTION dossier.release_outbox(uuid) FROM PUBLIC;
REVOKE ALL ON FUNCTION dossier.purge_outbox(interval) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION dossier.claim_outbox(int4, interval), dossier.ack_outbox(uuid, int8[]),
  dossier.fail_outbox(uuid, int8, text, interval, interval), dossier.release_outbox(uuid)
  TO dossier_portal, dossier_dba;
GRANT EXECUTE ON FUNCTION dossier.purge_outbox(interval) TO dossier_dba;
GRANT SELECT ON dossier.outbox_status TO dossier_auditor, dossier_dba, dossier_portal;

-- 0005: change detection keyed with the database's own secret.
--
-- Until 0005, id_hash and content_hash were unkeyed 64-bit XXH64 values, and
-- names, tags and bodies are chosen in the cloud: a resource named to collide
-- with a deleted one's id_hash kept the deleted row in the inventory, and tags
-- crafted to collide with the old content_hash hid a change. Both hashes are
-- now HMAC-SHA-256 under the 32 random bytes of cloudsync.hash_key, which only
-- the owner and the writer can read:
--   id_hash      uuid: the first 16 bytes of HMAC(key, native_id)
--   content_hash bigint: the first 8 bytes of HMAC(key, the fields)
-- The existing rows get their new id_hash here; their content_hash is the old
-- one until the next run, whose merge sees equal values, rewrites only the
-- hash and records no change.
CREATE TABLE cloudsync.hash_key (
    only_one boolean PRIMARY KEY DEFAULT true CHECK (only_one),
    key      bytea NOT NULL CHECK (length(key) = 32)
);
REVOKE ALL ON cloudsync.hash_key FROM PUBLIC;

-- gen_random_uuid() draws 122 bits from PostgreSQL's strong random source;
-- three of them, hashed, make the 32 bytes.
INSERT INTO cloudsync.hash_key (key)
SELECT sha256(convert_to(gen_random_uuid()::text || gen_random_uuid()::text ||
                         gen_random_uuid()::text, 'UTF8'));

DO $$
DECLARE
    block bytea := (SELECT key FROM cloudsync.hash_key) || decode(repeat('00', 32), 'hex');
    ipad  bytea := block;
    opad  bytea := block;
    t     text;
BEGIN
    FOR i IN 0..63 LOOP
        ipad := set_byte(ipad, i, get_byte(block, i) # 54); -- 0x36
        opad := set_byte(opad, i, get_byte(block, i) # 92); -- 0x5c
    END LOOP;
    FOREACH t IN ARRAY ARRAY['vms', 'storage', 'networks', 'subnets', 'containers', 'alerts'] LOOP
        EXECUTE format('ALTER TABLE cloudsync.%I ALTER COLUMN id_hash TYPE uuid USING '
                       'encode(substring(sha256(%L::bytea || sha256(%L::bytea || '
                       'convert_to(native_id, ''UTF8''))) FOR 16), ''hex'')::uuid',
                       t, opad, ipad);
    END LOOP;
END
$$;

-- hs_prop(properties, 'email'): one property value of a record, for plain SQL queries.
CREATE FUNCTION hs_prop(properties VARCHAR, name VARCHAR) RETURNS VARCHAR
    LANGUAGE SQL IMMUTABLE STRICT
    AS $$ SELECT ($1::jsonb) ->> $2 $$;

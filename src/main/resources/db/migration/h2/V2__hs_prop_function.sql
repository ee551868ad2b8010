-- hs_prop(properties, 'email'): one property value of a record, for plain SQL queries.
-- H2 has no JSON path functions, so the alias calls a static method in hubsync's jar; open the
-- database with hubsync.jar on the classpath (see the README).
CREATE ALIAS hs_prop FOR 'io.hubsync.store.SqlFunctions.hsProp';

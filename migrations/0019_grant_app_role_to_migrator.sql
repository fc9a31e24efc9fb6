-- Every hub process runs `SET ROLE hub_app` on its connections. A superuser may always; a managed
-- database's admin user (RDS, Cloud SQL) is not one, and on PostgreSQL 16+ it may not become a
-- role it created unless it was granted that role. So whoever runs the migrations is granted
-- hub_app, as 0015 does for hub_retention (nothing to do for a superuser).
DO $$
BEGIN
  IF NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
    EXECUTE format('GRANT hub_app TO %I', current_user);
  END IF;
EXCEPTION WHEN unique_violation OR insufficient_privilege THEN
  NULL; -- already a member, or granted by another schema's migration at the same time
END $$;

-- SQLite's 0006 on PostgreSQL. The scene limit (0001's scenes_limit trigger) and one discussion
-- per subject (0001's discussions_subject index) are already in the schema here. What is new: a
-- discussion row is claimed (thread_id NULL) before its thread is created, so of several
-- concurrent /discuss for one subject exactly one creates a thread; the others use it.
ALTER TABLE discussions ALTER COLUMN thread_id DROP NOT NULL;

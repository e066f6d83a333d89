/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-hostile-input-name-field"

#include "config.h"

#include "keyfob-test-hostile.h"

/* Hostile names, fields and expiry dates on keyfob-tool add's command line. */

/* ---- names ---- */

static void
test_name_refused (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *thousand = g_strnfill (1000, 'n');
  const struct
  {
    const char *name;
    const char *what;
    const char *how;
  } cases[] = {
    { "", "The name is empty", "Give the token a name" },
    { "     ", "The name is empty", "Give the token a name" },
    { "\t \t", "The name is empty", "Give the token a name" },
    { thousand, "longer than 200 characters", "Choose a shorter name" },
    { "bad\x01name", "control character or line break", "Use a name on one line" },
    { "bad\nname", "control character or line break", "Use a name on one line" },
    { "bad\rname", "control character or line break", "Use a name on one line" },
    { "red\x1b[31mname", "control character or line break", "Use a name on one line" },
    { "bad\x7fname", "control character or line break", "Use a name on one line" },
    { "bad\xc2\x85name", "control character or line break", "Use a name on one line" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(KeyfobTestRun) run = NULL;

      g_test_message ("name case %u", i);
      run = run_tool (fixture, PULSETIC_TOKEN "\n", "add", "--provider", "pulsetic",
                      "--name", cases[i].name, NULL);
      assert_refused (fixture, run, cases[i].what, cases[i].how);
    }
}

static void
test_name_duplicate (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(KeyfobTestRun) same = NULL;
  g_autoptr(KeyfobTestRun) padded = NULL;

  same = run_tool (fixture, PUSHLY_NEW "\n", "add", "--provider", "pushly",
                   "--name", "hostile-existing", "--field", "domain_id=456", NULL);
  assert_refused (fixture, same, "Another token of this provider is already called "
                  "“hostile-existing”", "Choose another name, or delete the old token first");

  /* The name is compared after trimming, as it would be stored. */
  padded = run_tool (fixture, PUSHLY_NEW "\n", "add", "--provider", "pushly",
                     "--name", "  hostile-existing ", "--field", "domain_id=123", NULL);
  assert_refused (fixture, padded, "already called", "Choose another name");

  assert_get (fixture, "hostile-existing", PUSHLY_OLD);
}

/* ---- fields ---- */

static void
test_field_refused (Fixture       *fixture,
                    gconstpointer  data)
{
  static const struct
  {
    const char *provider;
    const char *token;
    const char *field;
    const char *expires;
    const char *what;
    const char *how;
  } cases[] = {
    { "pushly", PUSHLY_NEW, "domain_id=abc", NULL,
      "Domain ID “abc” is not valid", "The Domain ID is a number" },
    { "pushly", PUSHLY_NEW, "domain_id=12 34", NULL,
      "Domain ID “12 34” is not valid", "The Domain ID is a number" },
    { "pushly", PUSHLY_NEW, "domain_id=-5", NULL,
      "Domain ID “-5” is not valid", "The Domain ID is a number" },
    { "cutover", CUTOVER_TOKEN, "instance=http://acme.cutover.com", NULL,
      "Instance “http://acme.cutover.com” is not valid", "Give the instance name (acme)" },
    { "cutover", CUTOVER_TOKEN, "instance=ftp://acme", NULL,
      "Instance “ftp://acme” is not valid", "Give the instance name (acme)" },
    { "cutover", CUTOVER_TOKEN, "instance=https://acme.cutover.com/runbooks", NULL,
      "is not valid", "without a path" },
    { "cutover", CUTOVER_TOKEN, "instance=acme/runbooks", NULL,
      "is not valid", "without a path" },
    { "cutover", CUTOVER_TOKEN, "instance=ac me", NULL,
      "Instance “ac me” is not valid", "Give the instance name (acme)" },
    /* Surrounding spaces are trimmed, like a pasted token's; spaces inside are not. */
    { "cutover", CUTOVER_TOKEN, "instance= acme corp ", NULL,
      "Instance “acme corp” is not valid", "Give the instance name (acme)" },
    { "cutover", CUTOVER_TOKEN, "instance=acme.example.com", NULL,
      "Instance “acme.example.com” is not valid", "Give the instance name (acme)" },
    { "cutover", CUTOVER_TOKEN, "instance=https://acme.cutover.com.evil.example", NULL,
      "is not valid", "Give the instance name (acme)" },
    { "cutover", CUTOVER_TOKEN, "instance=acme", "2031-13-45",
      "“2031-13-45” is not a date", "Write it as YYYY-MM-DD" },
    { "cutover", CUTOVER_TOKEN, "instance=acme", "next week",
      "“next week” is not a date", "Write it as YYYY-MM-DD" },
    { "cutover", CUTOVER_TOKEN, "instance=acme", "31/01/2030",
      "“31/01/2030” is not a date", "Write it as YYYY-MM-DD" },
    { "cutover", CUTOVER_TOKEN, "instance=acme", "2030-02-30",
      "“2030-02-30” is not a date", "Write it as YYYY-MM-DD" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *input = g_strconcat (cases[i].token, "\n", NULL);
      g_autoptr(KeyfobTestRun) run = NULL;

      g_test_message ("field case %u", i);
      if (cases[i].expires != NULL)
        run = run_tool (fixture, input, "add", "--provider", cases[i].provider,
                        "--name", "hostile-field", "--field", cases[i].field,
                        "--expires", cases[i].expires, NULL);
      else
        run = run_tool (fixture, input, "add", "--provider", cases[i].provider,
                        "--name", "hostile-field", "--field", cases[i].field, NULL);
      assert_refused (fixture, run, cases[i].what, cases[i].how);
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, hostile_fixture_set_up, func, hostile_fixture_tear_down)

  ADD ("/cli/hostile/name/refused", test_name_refused);
  ADD ("/cli/hostile/name/duplicate", test_name_duplicate);
  ADD ("/cli/hostile/field/refused", test_field_refused);

#undef ADD

  return g_test_run ();
}

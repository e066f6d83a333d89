/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-network-faults"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include <gio/gio.h>

#include "keyfob-emulator.h"
#include "keyfob-provider.h"
#include "keyfob-secret.h"
#include "keyfob-verifier.h"

/* Faults between Keyfob and a vendor that test-verifier does not cover: a certificate nobody
 * vouches for, a name that does not resolve, a 503 and a body that never ends. */

/* A check that has not finished by then is a hang, and a failure. */
#define GUARD_SECONDS 30
/* The .invalid TLD never resolves (RFC 6761): no vendor can be reached by this name. */
#define UNRESOLVABLE_HOST "nonexistent.invalid"

/* Name lookups answer "no such host" here, as the DNS would for .invalid: the tests reach
 * 127.0.0.1 only, and must send no query to the machine's nameserver either. */
typedef struct
{
  GResolver parent_instance;
} NxdomainResolver;

typedef struct
{
  GResolverClass parent_class;
} NxdomainResolverClass;

static GType nxdomain_resolver_get_type (void);

G_DEFINE_TYPE (NxdomainResolver, nxdomain_resolver, G_TYPE_RESOLVER)

static GList *
lookup_by_name (GResolver     *resolver,
                const char    *hostname,
                GCancellable  *cancellable,
                GError       **error)
{
  g_set_error (error, G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND,
               "Error resolving “%s”: Name or service not known", hostname);
  return NULL;
}

static void
lookup_by_name_async (GResolver           *resolver,
                      const char          *hostname,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (resolver, cancellable, callback, user_data);

  g_task_return_new_error (task, G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND,
                           "Error resolving “%s”: Name or service not known", hostname);
}

static GList *
lookup_by_name_finish (GResolver     *resolver,
                       GAsyncResult  *result,
                       GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
nxdomain_resolver_class_init (NxdomainResolverClass *klass)
{
  GResolverClass *resolver_class = G_RESOLVER_CLASS (klass);

  resolver_class->lookup_by_name = lookup_by_name;
  resolver_class->lookup_by_name_async = lookup_by_name_async;
  resolver_class->lookup_by_name_finish = lookup_by_name_finish;
}

static void
nxdomain_resolver_init (NxdomainResolver *self)
{
}
/* The endless body: Keyfob stops reading at the cap, so the emulator can write that much, the
 * chunk it was writing and what the loopback socket buffers hold while the close travels. */
#define MAX_ENDLESS_WRITTEN (KEYFOB_VERIFIER_MAX_BODY + 16 * KEYFOB_EMULATOR_ENDLESS_CHUNK)
/* The endless check's peak memory over what the process held before it. */
#define MAX_ENDLESS_GROWTH_KB (8 * 1024)

typedef enum
{
  FAULT_TLS_SELF_SIGNED,
  FAULT_DNS,
  FAULT_SERVICE_UNAVAILABLE,
  FAULT_ENDLESS_BODY,
} Fault;

typedef struct
{
  const char *id;
  const char *token;
  const char *field_key;
  const char *field_value;
} ProviderInfo;

static const ProviderInfo providers[] = {
  { "pylon", "pylon_api_0123456789abcdef0123", "region", "us" },
  { "pushly", "pk_0123456789abcdef0123456789", "domain_id", "123" },
  { "cutover", "0123456789abcdef0123456789abcdef0123456789abcdef", "instance", "acme" },
  { "pulsetic", "33fea0a1b2c3d4e5f6a7b8c9d0e1f7b4", NULL, NULL },
};

typedef struct
{
  const ProviderInfo *info;
  Fault               fault;
} Case;

typedef struct
{
  KeyfobEmulator *emu;
  KeyfobVerifier *verifier;
  KeyfobProvider *provider;
  GHashTable     *fields;
  const Case     *test_case;
} Fixture;

typedef struct
{
  KeyfobCheckResult *result;
  GError            *error;
  gboolean           done;
} Outcome;

static KeyfobProvider *
load_provider (const char *id)
{
  const char *dir = g_getenv ("KEYFOB_PROVIDERS_DIR");
  g_autofree char *basename = g_strconcat (id, ".json", NULL);
  g_autofree char *path = NULL;
  g_autofree char *data = NULL;
  g_autoptr(GError) error = NULL;
  KeyfobProvider *provider;
  gsize length = 0;

  g_assert_nonnull (dir);
  path = g_build_filename (dir, basename, NULL);
  g_file_get_contents (path, &data, &length, &error);
  g_assert_no_error (error);

  provider = keyfob_provider_new_from_data (path, data, length, &error);
  g_assert_no_error (error);
  g_assert_nonnull (provider);

  return provider;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  const Case *test_case = data;
  const ProviderInfo *info = test_case->info;
  g_autoptr(GHashTable) input = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) error = NULL;

  fixture->test_case = test_case;
  fixture->emu = test_case->fault == FAULT_TLS_SELF_SIGNED ? keyfob_emulator_new_tls ()
                                                           : keyfob_emulator_new ();
  g_setenv ("KEYFOB_ENDPOINT_OVERRIDE", keyfob_emulator_get_url (fixture->emu), TRUE);
  fixture->verifier = keyfob_verifier_new ();
  fixture->provider = load_provider (info->id);

  if (info->field_key != NULL)
    g_hash_table_insert (input, (char *) info->field_key, (char *) info->field_value);
  fixture->fields = keyfob_provider_normalise_fields (fixture->provider, input, info->token,
                                                      &error);
  g_assert_no_error (error);
  g_assert_nonnull (fixture->fields);

  /* The token is one the emulator knows and would accept, were the request to reach it. */
  keyfob_emulator_set_token (fixture->emu, info->token, KEYFOB_EMULATOR_VALID);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_pointer (&fixture->fields, g_hash_table_unref);
  g_assert_finalize_object (fixture->verifier);
  g_assert_finalize_object (fixture->provider);
  g_clear_pointer (&fixture->emu, keyfob_emulator_free);
  g_unsetenv ("KEYFOB_ENDPOINT_OVERRIDE");
}

static gboolean
guard_cb (gpointer user_data)
{
  g_error ("%s did not happen within %d seconds", (const char *) user_data, GUARD_SECONDS);
  return G_SOURCE_REMOVE;
}

static void
check_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  Outcome *outcome = user_data;

  outcome->result = keyfob_verifier_check_finish (KEYFOB_VERIFIER (object), result,
                                                  &outcome->error);
  outcome->done = TRUE;
}

/* Runs one check to its end and returns its verdict; fails the test on a GError or a hang. */
static KeyfobCheckResult *
run_check (Fixture *fixture)
{
  g_autoptr(SecretValue) secret = keyfob_secret_value_new_take (
    g_strdup (fixture->test_case->info->token));
  Outcome outcome = { 0 };
  guint guard_id;

  keyfob_verifier_check_async (fixture->verifier, fixture->provider, fixture->fields, secret,
                               NULL, check_cb, &outcome);

  guard_id = g_timeout_add_seconds (GUARD_SECONDS, guard_cb, (gpointer) "The check's end");
  while (!outcome.done)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (guard_id);

  g_assert_no_error (outcome.error);
  g_assert_nonnull (outcome.result);
  g_assert_nonnull (outcome.result->detail);
  g_assert_cmpuint (keyfob_verifier_get_n_active (fixture->verifier), ==, 0);

  return outcome.result;
}

static void
test_tls_self_signed (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(KeyfobCheckResult) result = NULL;

  g_assert_true (g_str_has_prefix (keyfob_emulator_get_url (fixture->emu), "https://127.0.0.1:"));

  result = run_check (fixture);

  g_assert_cmpint (result->verdict, ==, KEYFOB_VERDICT_TLS);
  g_assert_cmpuint (result->http_status, ==, 0);
  g_assert_null (result->account);
  g_assert_nonnull (strstr (result->detail, "127.0.0.1"));
  g_assert_nonnull (strstr (result->detail, "not sent"));
  /* The handshake failed before any request: the emulator never saw one, nor the token. */
  g_assert_cmpuint (keyfob_emulator_get_n_requests (fixture->emu), ==, 0);
  g_assert_cmpuint (keyfob_emulator_get_n_requests_for (fixture->emu,
                                                        fixture->test_case->info->token), ==, 0);
}

static void
test_dns (Fixture       *fixture,
          gconstpointer  data)
{
  g_autoptr(KeyfobCheckResult) result = NULL;

  /* Core sends tokens over plain http only to this machine, so the name goes over https. */
  g_setenv ("KEYFOB_ENDPOINT_OVERRIDE", "https://" UNRESOLVABLE_HOST, TRUE);
  result = run_check (fixture);

  /* Not TIMEOUT: the resolver answered "no such host". */
  g_assert_cmpint (result->verdict, ==, KEYFOB_VERDICT_NETWORK);
  g_assert_cmpuint (result->http_status, ==, 0);
  g_assert_null (result->account);
  g_assert_nonnull (strstr (result->detail, UNRESOLVABLE_HOST));
  g_assert_cmpuint (keyfob_emulator_get_n_requests (fixture->emu), ==, 0);
}

static void
test_service_unavailable (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(KeyfobCheckResult) result = NULL;

  keyfob_emulator_set_token (fixture->emu, fixture->test_case->info->token,
                             KEYFOB_EMULATOR_SERVICE_UNAVAILABLE);
  result = run_check (fixture);

  g_assert_cmpint (result->verdict, ==, KEYFOB_VERDICT_SERVER_ERROR);
  g_assert_cmpuint (result->http_status, ==, 503);
  /* The emulator's Retry-After is about the service; the token is not rate limited. */
  g_assert_cmpint (result->retry_after, ==, -1);
  g_assert_null (result->account);
  g_assert_nonnull (strstr (result->detail, "503"));
  g_assert_cmpuint (keyfob_emulator_get_n_requests (fixture->emu), ==, 1);
}

/* A line of /proc/self/status, in kB; -1 when the kernel does not report it. */
static gint64
status_kb (const char *name)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return -1;
  if ((line = strstr (status, name)) == NULL)
    return -1;

  return g_ascii_strtoll (line + strlen (name), NULL, 10);
}

/* Resets VmHWM to the current RSS (Linux 4.0 and later), so it then measures the peak of
 * what follows; FALSE when the kernel refuses. */
static gboolean
reset_peak_rss (void)
{
  FILE *file = fopen ("/proc/self/clear_refs", "w");
  gboolean done;

  if (file == NULL)
    return FALSE;

  done = fputs ("5", file) >= 0;
  done = fclose (file) == 0 && done;

  return done;
}

static void
test_endless_body (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(KeyfobCheckResult) result = NULL;
  g_autofree char *cap = NULL;
  gboolean peak_measured;
  gint64 rss_before;
  gint64 rss_after;
  gint64 started;
  guint guard_id;

  keyfob_emulator_set_token (fixture->emu, fixture->test_case->info->token,
                             KEYFOB_EMULATOR_ENDLESS);

  rss_before = status_kb ("VmRSS:");
  peak_measured = reset_peak_rss ();
  started = g_get_monotonic_time ();
  result = run_check (fixture);

  /* Ended by the cap, not by the 15 s timeout, and told as too large. */
  g_assert_cmpint (result->verdict, ==, KEYFOB_VERDICT_UNEXPECTED);
  g_assert_cmpuint (result->http_status, ==, 200);
  g_assert_null (result->account);
  cap = g_strdup_printf ("larger than %d MiB", KEYFOB_VERIFIER_MAX_BODY / (1024 * 1024));
  g_assert_nonnull (strstr (result->detail, cap));
  g_assert_cmpint (g_get_monotonic_time () - started, <,
                   (KEYFOB_VERIFIER_TIMEOUT - 5) * G_USEC_PER_SEC);

  /* Keyfob hung up: the emulator does not go on writing into a connection nobody reads. */
  guard_id = g_timeout_add_seconds (GUARD_SECONDS, guard_cb,
                                    (gpointer) "The endless body's connection closing");
  while (keyfob_emulator_get_n_endless_closed (fixture->emu) == 0)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (guard_id);

  g_test_message ("The emulator wrote %" G_GUINT64_FORMAT " bytes of the endless body",
                  keyfob_emulator_get_endless_written (fixture->emu));
  g_assert_cmpuint (keyfob_emulator_get_endless_written (fixture->emu), >,
                    KEYFOB_VERIFIER_MAX_BODY);
  g_assert_cmpuint (keyfob_emulator_get_endless_written (fixture->emu), <=,
                    MAX_ENDLESS_WRITTEN);
  g_assert_cmpuint (keyfob_emulator_get_n_requests (fixture->emu), ==, 1);

  /* Memory stays bounded: the emulator drops what it wrote, Keyfob keeps at most the cap. */
  rss_after = status_kb (peak_measured ? "VmHWM:" : "VmRSS:");
  if (rss_before < 0 || rss_after < 0)
    {
      g_test_message ("No VmRSS in /proc/self/status: memory not measured");
      return;
    }
  g_test_message ("%s grew by %" G_GINT64_FORMAT " kB", peak_measured ? "Peak RSS" : "RSS",
                  rss_after - rss_before);
  g_assert_cmpint (rss_after - rss_before, <, MAX_ENDLESS_GROWTH_KB);
}

static const struct
{
  const char  *name;
  Fault        fault;
  void       (*func) (Fixture *, gconstpointer);
} faults[] = {
  { "tls-self-signed", FAULT_TLS_SELF_SIGNED, test_tls_self_signed },
  { "dns-failure", FAULT_DNS, test_dns },
  { "service-unavailable", FAULT_SERVICE_UNAVAILABLE, test_service_unavailable },
  { "endless-body", FAULT_ENDLESS_BODY, test_endless_body },
};

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GPtrArray) cases = g_ptr_array_new_with_free_func (g_free);

  /* A proxy from the environment would answer for the unresolvable name, or see the
   * loopback traffic: these tests talk to 127.0.0.1 only. */
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  g_resolver_set_default (g_object_new (nxdomain_resolver_get_type (), NULL));

  g_test_init (&argc, &argv, NULL);

  for (guint p = 0; p < G_N_ELEMENTS (providers); p++)
    {
      for (guint f = 0; f < G_N_ELEMENTS (faults); f++)
        {
          g_autofree char *path = g_strdup_printf ("/network-faults/%s/%s", providers[p].id,
                                                   faults[f].name);
          Case *test_case = g_new0 (Case, 1);

          test_case->info = &providers[p];
          test_case->fault = faults[f].fault;
          g_ptr_array_add (cases, test_case);
          g_test_add (path, Fixture, test_case, fixture_set_up, faults[f].func,
                      fixture_tear_down);
        }
    }

  return g_test_run ();
}

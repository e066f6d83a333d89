/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-ui-add-dialog"

#include "config.h"

#include <string.h>

#include "keyfob-confirm.h"
#include "keyfob-test-add-dialog.h"
#include "keyfob-test-gtk.h"

/* What the Add dialog asks before it loses or keeps a token: leaving with one pasted, saving
 * one the provider rejected; and the one way the app asks. */

/* Questions the dialog asks */

static void
fill_valid_pushly (Fixture    *fixture,
                   const char *name)
{
  go_to_form (fixture, "pushly");
  type_into (template_child (fixture->dialog, "name_row"), name);
  type_into (field_input (fixture->dialog, "domain_id"), "123");
  type_into (template_child (fixture->dialog, "token_row"), PUSHLY_TOKEN);
  g_assert_true (save_enabled (fixture));
}

/* One way to ask, for the whole app */

typedef struct
{
  gboolean  done;
  gboolean  confirmed;
  GError   *error;
  gboolean  question_showing;  /* when the answer came */
} Answer;

static void
confirmed_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  Answer *answer = user_data;

  answer->confirmed = keyfob_confirm_finish (result, &answer->error);
  answer->question_showing = find_message_dialog () != NULL;
  answer->done = TRUE;
}

static AdwMessageDialog *
ask (GtkWindow               *parent,
     KeyfobConfirmAppearance  appearance,
     GCancellable            *cancellable,
     Answer                  *answer)
{
  AdwMessageDialog *question;

  keyfob_confirm_async (parent, "Delete “Release bot”?", "It’s gone for good.", "_Cancel",
                        "_Delete", appearance, cancellable, confirmed_cb, answer);
  KEYFOB_TEST_WAIT_UNTIL ((question = find_message_dialog ()) != NULL);

  return question;
}

static void
test_confirm (void)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  GtkWidget *parent = adw_window_new ();
  AdwMessageDialog *question;
  Answer answer_ = { 0 };

  g_object_add_weak_pointer (G_OBJECT (parent), (gpointer *) &parent);
  gtk_window_present (GTK_WINDOW (parent));

  /* What it shows, and how */
  question = ask (GTK_WINDOW (parent), KEYFOB_CONFIRM_DESTRUCTIVE, NULL, &answer_);
  g_assert_cmpstr (adw_message_dialog_get_heading (question), ==, "Delete “Release bot”?");
  g_assert_cmpstr (adw_message_dialog_get_body (question), ==, "It’s gone for good.");
  g_assert_false (adw_message_dialog_get_heading_use_markup (question));
  g_assert_false (adw_message_dialog_get_body_use_markup (question));
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (question)) == GTK_WINDOW (parent));
  g_assert_true (gtk_window_get_modal (GTK_WINDOW (question)));
  g_assert_cmpstr (adw_message_dialog_get_default_response (question), ==,
                   KEYFOB_CONFIRM_RESPONSE_CANCEL);
  g_assert_cmpstr (adw_message_dialog_get_close_response (question), ==,
                   KEYFOB_CONFIRM_RESPONSE_CANCEL);
  g_assert_cmpstr (adw_message_dialog_get_response_label (question,
                                                         KEYFOB_CONFIRM_RESPONSE_CANCEL), ==,
                   "_Cancel");
  g_assert_cmpstr (adw_message_dialog_get_response_label (question,
                                                         KEYFOB_CONFIRM_RESPONSE_CONFIRM), ==,
                   "_Delete");
  g_assert_cmpint (adw_message_dialog_get_response_appearance (question,
                                                              KEYFOB_CONFIRM_RESPONSE_CONFIRM),
                   ==, ADW_RESPONSE_DESTRUCTIVE);

  /* Yes; the answer comes once the question has gone. */
  answer (question, KEYFOB_CONFIRM_RESPONSE_CONFIRM);
  KEYFOB_TEST_WAIT_UNTIL (answer_.done);
  g_assert_true (answer_.confirmed);
  g_assert_no_error (answer_.error);
  g_assert_false (answer_.question_showing);

  /* No */
  answer_ = (Answer) { 0 };
  question = ask (GTK_WINDOW (parent), KEYFOB_CONFIRM_SUGGESTED, NULL, &answer_);
  g_assert_cmpint (adw_message_dialog_get_response_appearance (question,
                                                              KEYFOB_CONFIRM_RESPONSE_CONFIRM),
                   ==, ADW_RESPONSE_SUGGESTED);
  answer (question, KEYFOB_CONFIRM_RESPONSE_CANCEL);
  KEYFOB_TEST_WAIT_UNTIL (answer_.done);
  g_assert_false (answer_.confirmed);
  g_assert_no_error (answer_.error);

  /* Closed (Escape, the window manager) is no. */
  answer_ = (Answer) { 0 };
  question = ask (GTK_WINDOW (parent), KEYFOB_CONFIRM_DESTRUCTIVE, NULL, &answer_);
  gtk_window_close (GTK_WINDOW (question));
  KEYFOB_TEST_WAIT_UNTIL (answer_.done);
  g_assert_false (answer_.confirmed);
  g_assert_no_error (answer_.error);

  /* Cancelled: the question goes, and says so. */
  answer_ = (Answer) { 0 };
  ask (GTK_WINDOW (parent), KEYFOB_CONFIRM_DESTRUCTIVE, cancellable, &answer_);
  g_cancellable_cancel (cancellable);
  KEYFOB_TEST_WAIT_UNTIL (answer_.done);
  g_assert_null (find_message_dialog ());
  g_assert_false (answer_.confirmed);
  g_assert_error (answer_.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&answer_.error);

  /* Its window closed under it: no. */
  answer_ = (Answer) { 0 };
  ask (GTK_WINDOW (parent), KEYFOB_CONFIRM_DESTRUCTIVE, NULL, &answer_);
  gtk_window_destroy (GTK_WINDOW (parent));
  KEYFOB_TEST_WAIT_UNTIL (answer_.done);
  g_assert_false (answer_.confirmed);
  g_assert_no_error (answer_.error);
  KEYFOB_TEST_WAIT_UNTIL (parent == NULL);
  KEYFOB_TEST_WAIT_UNTIL (g_list_model_get_n_items (gtk_window_get_toplevels ()) == 0);
}

/* Leaving writes nothing; with a token pasted, only after asking */

static void
test_escape_empty_closes (Fixture       *fixture,
                          gconstpointer  data)
{
  go_to_form (fixture, "pushly");
  type_into (template_child (fixture->dialog, "name_row"), "Nothing pasted");
  type_into (field_input (fixture->dialog, "domain_id"), "123");

  /* Nothing that cannot be typed again: no question. */
  g_assert_true (press_shortcut (GTK_WIDGET (fixture->dialog), "Escape"));
  KEYFOB_TEST_WAIT_UNTIL (fixture->dialog == NULL);
  g_assert_null (find_message_dialog ());
  g_assert_cmpuint (fixture->n_added, ==, 0);
  g_assert_cmpuint (count_stored ("pushly", "Nothing pasted"), ==, 0);
}

static void
test_escape_asks_discard (Fixture       *fixture,
                          gconstpointer  data)
{
  AdwMessageDialog *question;

  fill_valid_pushly (fixture, "Escaped");

  /* Escape asks first: Pushly shows the token only once. */
  g_assert_true (press_shortcut (GTK_WIDGET (fixture->dialog), "Escape"));
  KEYFOB_TEST_WAIT_UNTIL ((question = find_message_dialog ()) != NULL);
  g_assert_cmpstr (adw_message_dialog_get_heading (question), ==, "Discard the Pasted Token?");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (question), "only once"));
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (question)) ==
                 GTK_WINDOW (fixture->dialog));
  g_assert_cmpstr (adw_message_dialog_get_default_response (question), ==, "cancel");
  g_assert_cmpstr (adw_message_dialog_get_close_response (question), ==, "cancel");

  /* Cancel: the dialog and the token stay. */
  answer (question, "cancel");
  KEYFOB_TEST_WAIT_UNTIL (find_message_dialog () == NULL);
  spin (100);
  g_assert_nonnull (fixture->dialog);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (
                     template_child (fixture->dialog, "token_row"))), ==, PUSHLY_TOKEN);
  g_assert_true (save_enabled (fixture));

  /* Discard: closed, and nothing stored. */
  g_assert_true (press_shortcut (GTK_WIDGET (fixture->dialog), "Escape"));
  KEYFOB_TEST_WAIT_UNTIL ((question = find_message_dialog ()) != NULL);
  g_assert_cmpstr (adw_message_dialog_get_response_label (question,
                                                         KEYFOB_CONFIRM_RESPONSE_CONFIRM), ==,
                   "_Discard");
  answer (question, KEYFOB_CONFIRM_RESPONSE_CONFIRM);
  KEYFOB_TEST_WAIT_UNTIL (fixture->dialog == NULL);
  spin (100);
  g_assert_cmpuint (fixture->n_added, ==, 0);
  g_assert_cmpuint (count_stored ("pushly", "Escaped"), ==, 0);
}

static void
test_cancel_asks_discard (Fixture       *fixture,
                          gconstpointer  data)
{
  AdwMessageDialog *question;

  fill_valid_pushly (fixture, "Cancelled");

  click (template_child (fixture->dialog, "back_button"));
  click (template_child (fixture->dialog, "back_button"));
  click (template_child (fixture->dialog, "cancel_button"));

  KEYFOB_TEST_WAIT_UNTIL ((question = find_message_dialog ()) != NULL);
  g_assert_cmpstr (adw_message_dialog_get_heading (question), ==, "Discard the Pasted Token?");
  g_assert_cmpstr (adw_message_dialog_get_response_label (question,
                                                         KEYFOB_CONFIRM_RESPONSE_CONFIRM), ==,
                   "_Discard");
  answer (question, KEYFOB_CONFIRM_RESPONSE_CONFIRM);

  KEYFOB_TEST_WAIT_UNTIL (fixture->dialog == NULL);
  spin (100);
  g_assert_cmpuint (fixture->n_added, ==, 0);
  g_assert_cmpuint (count_stored ("pushly", "Cancelled"), ==, 0);
}

/* A token the provider rejected */

static void
fill_rejected (Fixture    *fixture,
               const char *name)
{
  GtkWidget *check_row;

  keyfob_emulator_set_token (emulator, REJECTED_TOKEN, KEYFOB_EMULATOR_INVALID);

  go_to_form (fixture, "pulsetic");
  type_into (template_child (fixture->dialog, "name_row"), name);
  type_into (template_child (fixture->dialog, "token_row"), REJECTED_TOKEN);
  run_test (fixture);

  check_row = check_part (fixture->dialog, "row");
  g_assert_cmpstr (row_title (check_row), ==, "Rejected by the provider");
  g_assert_nonnull (strstr (label_text (check_part (fixture->dialog, "result_label")),
                            "401"));
  g_assert_true (save_enabled (fixture));
}

static void
test_rejected_asks_cancel (Fixture       *fixture,
                           gconstpointer  data)
{
  AdwMessageDialog *question;

  fill_rejected (fixture, "Rejected, cancelled");
  click (template_child (fixture->dialog, "save_button"));

  KEYFOB_TEST_WAIT_UNTIL ((question = find_message_dialog ()) != NULL);
  g_assert_cmpstr (adw_message_dialog_get_heading (question), ==,
                   "Save a Token the Provider Rejected?");
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (question)) ==
                 GTK_WINDOW (fixture->dialog));
  g_assert_cmpstr (adw_message_dialog_get_default_response (question), ==, "cancel");
  answer (question, "cancel");
  KEYFOB_TEST_WAIT_UNTIL (find_message_dialog () == NULL);

  spin (200);
  g_assert_nonnull (fixture->dialog);
  g_assert_cmpuint (fixture->n_added, ==, 0);
  g_assert_cmpuint (count_stored ("pulsetic", "Rejected, cancelled"), ==, 0);

  /* Changing the token forgets the verdict: Save no longer asks. */
  type_into (template_child (fixture->dialog, "token_row"), PULSETIC_TOKEN);
  g_assert_cmpstr (row_title (check_part (fixture->dialog, "row")), ==,
                   "Test the Token");
  g_assert_false (gtk_widget_get_visible (check_part (fixture->dialog, "result_box")));
  click (template_child (fixture->dialog, "save_button"));
  KEYFOB_TEST_WAIT_UNTIL (fixture->n_added == 1);
  g_assert_null (find_message_dialog ());
  g_assert_cmpuint (count_stored ("pulsetic", "Rejected, cancelled"), ==, 1);
}

static void
test_rejected_asks_save_anyway (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autoptr(KeyfobToken) stored = NULL;
  AdwMessageDialog *question;

  fill_rejected (fixture, "Rejected, kept");
  click (template_child (fixture->dialog, "save_button"));

  KEYFOB_TEST_WAIT_UNTIL ((question = find_message_dialog ()) != NULL);
  g_assert_cmpuint (count_stored ("pulsetic", "Rejected, kept"), ==, 0);
  g_assert_cmpstr (adw_message_dialog_get_response_label (question,
                                                         KEYFOB_CONFIRM_RESPONSE_CONFIRM), ==,
                   "_Save Anyway");
  answer (question, KEYFOB_CONFIRM_RESPONSE_CONFIRM);

  KEYFOB_TEST_WAIT_UNTIL (fixture->n_added == 1);
  stored = find_stored ("pulsetic", "Rejected, kept");
  g_assert_nonnull (stored);
  assert_secret (stored, REJECTED_TOKEN);
}

int
main (int   argc,
      char *argv[])
{
  if (!add_dialog_test_init (&argc, &argv))
    return 77;

  g_test_add ("/ui/add-dialog/leave/escape-empty", Fixture, NULL,
              fixture_setup, test_escape_empty_closes, fixture_teardown);
  g_test_add ("/ui/add-dialog/leave/escape-asks", Fixture, NULL,
              fixture_setup, test_escape_asks_discard, fixture_teardown);
  g_test_add ("/ui/add-dialog/leave/cancel-asks", Fixture, NULL,
              fixture_setup, test_cancel_asks_discard, fixture_teardown);
  g_test_add ("/ui/add-dialog/rejected/cancel", Fixture, NULL,
              fixture_setup, test_rejected_asks_cancel, fixture_teardown);
  g_test_add ("/ui/add-dialog/rejected/save-anyway", Fixture, NULL,
              fixture_setup, test_rejected_asks_save_anyway, fixture_teardown);

  g_test_add_func ("/ui/confirm", test_confirm);

  return add_dialog_test_run ();
}

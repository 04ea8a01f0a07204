package ma.rokhsa.api.security;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import ma.rokhsa.api.support.ApiIT;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseCookie;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.StatusAssertions;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.BodyInserters;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A password an administrator set is the holder's only until first use: the account can do nothing but
 * choose its own, over the API or in the browser; the old password stops working at once.
 */
class PasswordChangeIT extends ApiIT {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    @Test
    void overTheApiTheFirstThingIsToChooseOnesOwnPassword() {
        String user = "newcomer-" + UUID.randomUUID().toString().substring(0, 6);
        String temporary = "set-by-the-admin-1";
        created(user, temporary);
        WebTestClient first = basic(user, temporary);

        first.get().uri("/api/dossiers").exchange().expectStatus().isForbidden()
                .expectBody().jsonPath("$.code").isEqualTo("PASSWORD_CHANGE_REQUIRED")
                .jsonPath("$.detail").value(d -> assertThat((String) d).contains("/api/me/password"));
        first.get().uri("/api/me").exchange().expectStatus().isOk();
        change(first, "not-the-password", "my-own-password-42").isEqualTo(422)
                .expectBody().jsonPath("$.code").isEqualTo("WRONG_PASSWORD");
        change(first, temporary, "short").isBadRequest();
        change(first, temporary, user).isBadRequest().expectBody().jsonPath("$.code").isEqualTo("WEAK_PASSWORD");

        change(first, temporary, "my-own-password-42").isNoContent();
        // The old password is refused at once (it was remembered a moment ago), the new one opens everything.
        first.get().uri("/api/dossiers").exchange().expectStatus().isUnauthorized();
        basic(user, "my-own-password-42").get().uri("/api/dossiers").exchange().expectStatus().isOk();
        // Anyone may change their own again, with their current password.
        change(basic(user, "my-own-password-42"), "my-own-password-42", "another-password-43").isNoContent();
        basic(user, "another-password-43").get().uri("/api/dossiers").exchange().expectStatus().isOk();
    }

    @Test
    void inTheBrowserEveryPageLeadsToThePasswordPageUntilItIsChanged() {
        String user = "newcomer-" + UUID.randomUUID().toString().substring(0, 6);
        String temporary = "set-by-the-admin-2";
        created(user, temporary);

        String xsrf = anonymous.get().uri("/login").exchange().expectStatus().isOk().expectBody(String.class).returnResult()
                .getResponseCookies().getFirst("XSRF-TOKEN").getValue();
        String login = page("/login", xsrf, null);
        MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
        form.add("_csrf", csrf(login));
        form.add("username", user);
        form.add("password", temporary);
        EntityExchangeResult<String> in = anonymous.post().uri("/login").cookie("XSRF-TOKEN", xsrf)
                .contentType(MediaType.APPLICATION_FORM_URLENCODED).body(BodyInserters.fromFormData(form))
                .exchange().expectBody(String.class).returnResult();
        ResponseCookie session = in.getResponseCookies().getFirst("RSESSION");
        assertThat(session).isNotNull();

        anonymous.get().uri("/dossiers").cookie("RSESSION", session.getValue()).exchange().expectStatus().isFound()
                .expectHeader().valueEquals(HttpHeaders.LOCATION, "/account/password");
        String page = page("/account/password", xsrf, session.getValue());
        assertThat(page).contains("administrateur");

        MultiValueMap<String, String> mismatch = new LinkedMultiValueMap<>();
        mismatch.add("_csrf", csrf(page));
        mismatch.add("current", temporary);
        mismatch.add("next", "my-own-password-44");
        mismatch.add("confirm", "my-own-password-45");
        anonymous.post().uri("/account/password").cookie("XSRF-TOKEN", xsrf).cookie("RSESSION", session.getValue())
                .contentType(MediaType.APPLICATION_FORM_URLENCODED).body(BodyInserters.fromFormData(mismatch))
                .exchange().expectStatus().isEqualTo(422).expectBody(String.class)
                .value(html -> assertThat(html).contains("error-summary").contains("href=\"#confirm\""));

        MultiValueMap<String, String> change = new LinkedMultiValueMap<>(mismatch);
        change.set("confirm", "my-own-password-44");
        anonymous.post().uri("/account/password").cookie("XSRF-TOKEN", xsrf).cookie("RSESSION", session.getValue())
                .contentType(MediaType.APPLICATION_FORM_URLENCODED).body(BodyInserters.fromFormData(change))
                .exchange().expectStatus().isSeeOther();
        anonymous.get().uri("/dossiers").cookie("RSESSION", session.getValue()).exchange().expectStatus().isOk();
    }

    @Test
    void anAccountDisabledByAnOperatorIsRefusedAtOnceNotWhenItsSignInIsForgotten() {
        String user = "leaving-" + UUID.randomUUID().toString().substring(0, 6);
        account(Map.of("username", user, "fullName", "Départ", "role", "ARCHITECT"), "my-own-password-46");
        WebTestClient client = basic(user, "my-own-password-46");
        client.get().uri("/api/dossiers").exchange().expectStatus().isOk();
        // Remembered now for 2 minutes; an operator disables the account with SQL, behind the application's back.
        db.sql("UPDATE app_user SET enabled = false WHERE username = :u").bind("u", user).then().block(Duration.ofSeconds(10));
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100)).until(() ->
                client.get().uri("/api/dossiers").exchange().returnResult(String.class).getStatus().value() == 401);
    }

    @org.springframework.beans.factory.annotation.Autowired
    org.springframework.r2dbc.core.DatabaseClient db;

    private void created(String user, String password) {
        as("admin").post().uri("/api/admin/users").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("username", user, "password", password, "fullName", "Nouvelle architecte", "role", "ARCHITECT"))
                .exchange().expectStatus().isCreated();
    }

    private WebTestClient basic(String user, String password) {
        return anonymous.mutate().defaultHeaders(h -> h.setBasicAuth(user, password)).build();
    }

    private static StatusAssertions change(WebTestClient client, String current, String next) {
        return client.post().uri("/api/me/password").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("currentPassword", current, "newPassword", next)).exchange().expectStatus();
    }

    private String page(String path, String xsrf, String session) {
        return anonymous.get().uri(path).cookie("XSRF-TOKEN", xsrf)
                .cookies(c -> {
                    if (session != null) {
                        c.add("RSESSION", session);
                    }
                })
                .exchange().expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
    }

    private static String csrf(String html) {
        Matcher m = CSRF.matcher(html);
        assertThat(m.find()).as("a CSRF field in the form").isTrue();
        return m.group(1);
    }
}

package ma.rokhsa.api.browser;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import ma.rokhsa.api.support.ApiIT;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseCookie;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.BodyInserters;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Browser sign-in over HTTP, as a browser does it: the session cookie's flags, CSRF on every
 * state-changing browser request (and none for API clients with credentials), sign-out ending the
 * session for good, pages that need an account sending the visitor to the sign-in page and back, and
 * wrong passwords locking the account with a page that says for how long, for HTTP Basic too.
 */
class SignInIT extends ApiIT {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    /** A browser's state: its cookies. */
    private record Jar(String xsrf, String session) {
    }

    private Jar loginPage() {
        EntityExchangeResult<String> page = anonymous.get().uri("/login").exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult();
        ResponseCookie xsrf = page.getResponseCookies().getFirst("XSRF-TOKEN");
        assertThat(xsrf).isNotNull();
        assertThat(xsrf.isHttpOnly()).isTrue();
        return new Jar(xsrf.getValue(), null);
    }

    private String token(String html) {
        Matcher m = CSRF.matcher(html);
        assertThat(m.find()).as("a CSRF field in the form").isTrue();
        return m.group(1);
    }

    private EntityExchangeResult<String> signIn(String user, String password) {
        Jar jar = loginPage();
        String html = anonymous.get().uri("/login").cookie("XSRF-TOKEN", jar.xsrf()).exchange().expectBody(String.class)
                .returnResult().getResponseBody();
        MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
        form.add("_csrf", token(html));
        form.add("username", user);
        form.add("password", password);
        form.add("next", "/queue?status=SUBMITTED");
        return anonymous.post().uri("/login").cookie("XSRF-TOKEN", jar.xsrf()).contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .body(BodyInserters.fromFormData(form)).exchange().expectBody(String.class).returnResult();
    }

    @Test
    void aSessionCookieOpensThePagesAndSignOutEndsIt() {
        anonymous.get().uri("/queue").exchange().expectStatus().isSeeOther()
                .expectHeader().valueEquals(HttpHeaders.LOCATION, "/login?next=%2Fqueue");

        EntityExchangeResult<String> in = signIn("youssef", "demo");
        assertThat(in.getStatus().value()).isEqualTo(303);
        assertThat(in.getResponseHeaders().getLocation()).hasToString("/queue?status=SUBMITTED");
        ResponseCookie session = in.getResponseCookies().getFirst("RSESSION");
        assertThat(session.isHttpOnly()).isTrue();
        assertThat(session.getSameSite()).isEqualTo("Lax");
        assertThat(session.getValue()).hasSize(43);

        String queue = anonymous.get().uri("/queue").cookie("RSESSION", session.getValue()).exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(queue).contains("Youssef Benali");
        // The same cookie on the API: the browser's own calls (the uploader) are authenticated by it...
        anonymous.get().uri("/api/dossiers").cookie("RSESSION", session.getValue()).exchange().expectStatus().isOk();
        // ...but a state change authenticated by the cookie alone needs the CSRF token.
        anonymous.post().uri("/api/dossiers/{id}/accept", java.util.UUID.randomUUID()).cookie("RSESSION", session.getValue())
                .exchange().expectStatus().isForbidden();
        // API clients with credentials need none.
        as("amina").post().uri("/api/dossiers").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("type", "BUILDING_SMALL", "communeCode", "BML", "title", "T", "applicant", Map.of("name", "N")))
                .exchange().expectStatus().isCreated();

        // Sign-out (a form with the token) ends the session on the server, not only in the browser.
        String xsrf = loginPage().xsrf();
        String html = anonymous.get().uri("/queue").cookie("RSESSION", session.getValue()).cookie("XSRF-TOKEN", xsrf)
                .exchange().expectBody(String.class).returnResult().getResponseBody();
        MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
        form.add("_csrf", token(html));
        anonymous.post().uri("/logout").cookie("RSESSION", session.getValue()).cookie("XSRF-TOKEN", xsrf)
                .contentType(MediaType.APPLICATION_FORM_URLENCODED).body(BodyInserters.fromFormData(form))
                .exchange().expectStatus().isSeeOther();
        anonymous.get().uri("/queue").cookie("RSESSION", session.getValue()).exchange().expectStatus().isSeeOther();
    }

    @Test
    void aFormWithoutItsCsrfTokenIsRefused() {
        Jar jar = loginPage();
        MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
        form.add("username", "amina");
        form.add("password", "demo");
        anonymous.post().uri("/login").cookie("XSRF-TOKEN", jar.xsrf()).contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .body(BodyInserters.fromFormData(form)).exchange().expectStatus().isForbidden();
    }

    @Test
    void aChangeSentFromAnotherSiteIsRefusedEvenWithCredentialsTheBrowserRemembered() {
        // A browser that remembered amina's HTTP Basic credentials submits a form another site put in front of her:
        // no body type is needed for a bodiless action, and no CSRF token is asked of Basic requests.
        as("amina").post().uri("/api/dossiers/{id}/submit", java.util.UUID.randomUUID()).header("Sec-Fetch-Site", "cross-site")
                .contentType(MediaType.TEXT_PLAIN).bodyValue("")
                .exchange().expectStatus().isForbidden().expectBody().jsonPath("$.code").isEqualTo("CROSS_SITE_REQUEST");
        // From the platform's own pages, or from an API client (which sends no such header), it is handled; reading is not concerned.
        Map<String, Object> dossier = Map.of("type", "BUILDING_SMALL", "communeCode", "BML", "title", "T", "applicant", Map.of("name", "N"));
        as("amina").post().uri("/api/dossiers").header("Sec-Fetch-Site", "same-origin").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(dossier).exchange().expectStatus().isCreated();
        as("amina").post().uri("/api/dossiers").contentType(MediaType.APPLICATION_JSON).bodyValue(dossier).exchange().expectStatus().isCreated();
        as("amina").get().uri("/api/dossiers").header("Sec-Fetch-Site", "cross-site").exchange().expectStatus().isOk();
    }

    @Test
    void wrongPasswordsLockTheAccountAndThePageSaysForHowLong() {
        String user = "throttled-" + java.util.UUID.randomUUID().toString().substring(0, 6);
        as("admin").post().uri("/api/admin/users").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("username", user, "password", "the-right-password", "fullName", "T", "role", "ARCHITECT"))
                .exchange().expectStatus().isCreated();
        for (int i = 0; i < 5; i++) {
            EntityExchangeResult<String> wrong = signIn(user, "wrong-" + i);
            assertThat(wrong.getStatus().value()).isEqualTo(401);
            assertThat(wrong.getResponseBody()).contains("error-summary");
        }
        EntityExchangeResult<String> locked = signIn(user, "wrong-again");
        assertThat(locked.getStatus().value()).isEqualTo(429);
        assertThat(locked.getResponseHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isNotBlank();
        assertThat(locked.getResponseBody()).contains("minute");
        // Locked: even the right password is not checked now, on the page or over HTTP Basic.
        assertThat(signIn(user, "the-right-password").getStatus().value()).isEqualTo(429);
        anonymous.get().uri("/api/dossiers").headers(h -> h.setBasicAuth(user, "the-right-password"))
                .exchange().expectStatus().isEqualTo(429).expectBody().jsonPath("$.code").isEqualTo("SIGN_IN_LOCKED");
    }

    @Test
    void theLanguageIsChosenOnceAndRemembered() {
        EntityExchangeResult<Void> switched = anonymous.get().uri("/lang/ar?next=/ranking").exchange().expectStatus().isSeeOther()
                .expectHeader().valueEquals(HttpHeaders.LOCATION, "/ranking").expectBody().isEmpty();
        String lang = switched.getResponseCookies().getFirst("lang").getValue();
        String page = anonymous.get().uri("/ranking").cookie("lang", lang).exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(page).contains("<html lang=\"ar\" dir=\"rtl\">").contains("ترتيب الجماعات");
        // Without a choice, the browser's preference of the two, else French; never an outside address.
        assertThat(anonymous.get().uri("/").header(HttpHeaders.ACCEPT_LANGUAGE, "ar-MA,ar;q=0.9").exchange()
                .expectBody(String.class).returnResult().getResponseBody()).contains("dir=\"rtl\"");
        anonymous.get().uri("/lang/fr?next=//evil.example").exchange().expectStatus().isSeeOther()
                .expectHeader().valueEquals(HttpHeaders.LOCATION, "/");
    }
}

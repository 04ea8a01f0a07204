package ma.rokhsa.api.dossier;

import com.fasterxml.jackson.annotation.JsonCreator;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** The person or company the dossier is filed for. Accepts a bare name string too. */
public record Applicant(@NotBlank @Size(max = 300) String name, @Size(max = 50) String idNumber,
                        @Size(max = 500) String address, @Size(max = 50) String phone, @Size(max = 200) String email) {

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static Applicant ofName(String name) {
        return new Applicant(name, null, null, null, null);
    }
}

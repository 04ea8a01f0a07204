package ma.rokhsa.api.upload;

/** What a multipart upload carried: the received file (if any), its name and declared type, and the {@code kind} field. */
public record UploadedPart(ReceivedFile file, String fileName, String declaredType, String kind) {
}

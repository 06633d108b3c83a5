CREATE TABLE "audit" (
    "Sequence" INTEGER NOT NULL CONSTRAINT "PK_audit" PRIMARY KEY,
    "Time" TEXT NOT NULL,
    "Actor" TEXT NOT NULL,
    "Role" TEXT NOT NULL,
    "Action" TEXT NOT NULL,
    "Resource" TEXT NOT NULL,
    "PatientId" TEXT NULL,
    "Outcome" TEXT NOT NULL,
    "PreviousHash" TEXT NOT NULL,
    "Hash" TEXT NOT NULL
);


CREATE TABLE "patients" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_patients" PRIMARY KEY,
    "ExternalId" TEXT NOT NULL,
    "DisplayName" TEXT NOT NULL,
    "BirthDate" TEXT NULL,
    "CreatedAt" TEXT NOT NULL
);


CREATE TABLE "jobs" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_jobs" PRIMARY KEY,
    "PatientId" TEXT NOT NULL,
    "Status" TEXT NOT NULL,
    "Progress" INTEGER NOT NULL,
    "Stage" TEXT NULL,
    "InputsHash" TEXT NOT NULL,
    "UploadIds" TEXT NOT NULL,
    "Error" TEXT NULL,
    "RequestedBy" TEXT NOT NULL,
    "Attempts" INTEGER NOT NULL,
    "CancelRequested" INTEGER NOT NULL,
    "LeaseOwner" TEXT NULL,
    "HeartbeatAt" TEXT NULL,
    "CreatedAt" TEXT NOT NULL,
    "StartedAt" TEXT NULL,
    "FinishedAt" TEXT NULL,
    "PlanId" TEXT NULL,
    CONSTRAINT "FK_jobs_patients_PatientId" FOREIGN KEY ("PatientId") REFERENCES "patients" ("Id") ON DELETE RESTRICT
);


CREATE TABLE "plans" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_plans" PRIMARY KEY,
    "PatientId" TEXT NOT NULL,
    "JobId" TEXT NOT NULL,
    "Json" TEXT NOT NULL,
    "Provenance" TEXT NOT NULL,
    "InputsHash" TEXT NOT NULL,
    "CreatedAt" TEXT NOT NULL,
    CONSTRAINT "FK_plans_patients_PatientId" FOREIGN KEY ("PatientId") REFERENCES "patients" ("Id") ON DELETE RESTRICT
);


CREATE TABLE "uploads" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_uploads" PRIMARY KEY,
    "PatientId" TEXT NOT NULL,
    "Kind" TEXT NOT NULL,
    "OriginalName" TEXT NOT NULL,
    "SizeBytes" INTEGER NOT NULL,
    "Sha256" TEXT NOT NULL,
    "BlobPath" TEXT NOT NULL,
    "KeyId" TEXT NOT NULL,
    "Status" TEXT NOT NULL,
    "UploadedBy" TEXT NOT NULL,
    "CreatedAt" TEXT NOT NULL,
    CONSTRAINT "FK_uploads_patients_PatientId" FOREIGN KEY ("PatientId") REFERENCES "patients" ("Id") ON DELETE RESTRICT
);


CREATE TABLE "users" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_users" PRIMARY KEY,
    "UserName" TEXT NOT NULL,
    "PasswordHash" TEXT NULL,
    "Role" TEXT NOT NULL,
    "PatientId" TEXT NULL,
    "Disabled" INTEGER NOT NULL,
    "CreatedAt" TEXT NOT NULL,
    CONSTRAINT "FK_users_patients_PatientId" FOREIGN KEY ("PatientId") REFERENCES "patients" ("Id") ON DELETE RESTRICT
);


CREATE TABLE "care_team" (
    "ClinicianId" TEXT NOT NULL,
    "PatientId" TEXT NOT NULL,
    "CreatedAt" TEXT NOT NULL,
    CONSTRAINT "PK_care_team" PRIMARY KEY ("ClinicianId", "PatientId"),
    CONSTRAINT "FK_care_team_patients_PatientId" FOREIGN KEY ("PatientId") REFERENCES "patients" ("Id") ON DELETE CASCADE,
    CONSTRAINT "FK_care_team_users_ClinicianId" FOREIGN KEY ("ClinicianId") REFERENCES "users" ("Id") ON DELETE CASCADE
);


CREATE INDEX "IX_audit_PatientId" ON "audit" ("PatientId");


CREATE INDEX "IX_care_team_PatientId" ON "care_team" ("PatientId");


CREATE INDEX "IX_jobs_PatientId_InputsHash" ON "jobs" ("PatientId", "InputsHash");


CREATE INDEX "IX_jobs_Status" ON "jobs" ("Status");


CREATE UNIQUE INDEX "IX_patients_ExternalId" ON "patients" ("ExternalId");


CREATE INDEX "IX_plans_PatientId_CreatedAt" ON "plans" ("PatientId", "CreatedAt");


CREATE INDEX "IX_uploads_PatientId" ON "uploads" ("PatientId");


CREATE INDEX "IX_users_PatientId" ON "users" ("PatientId");


CREATE UNIQUE INDEX "IX_users_UserName" ON "users" ("UserName");

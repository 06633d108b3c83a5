CREATE TABLE audit (
    "Sequence" bigint NOT NULL,
    "Time" timestamp with time zone NOT NULL,
    "Actor" character varying(200) NOT NULL,
    "Role" character varying(20) NOT NULL,
    "Action" character varying(50) NOT NULL,
    "Resource" character varying(300) NOT NULL,
    "PatientId" uuid,
    "Outcome" character varying(20) NOT NULL,
    "PreviousHash" character varying(64) NOT NULL,
    "Hash" character varying(64) NOT NULL,
    CONSTRAINT "PK_audit" PRIMARY KEY ("Sequence")
);


CREATE TABLE patients (
    "Id" uuid NOT NULL,
    "ExternalId" character varying(200) NOT NULL,
    "DisplayName" character varying(300) NOT NULL,
    "BirthDate" character varying(10),
    "CreatedAt" timestamp with time zone NOT NULL,
    CONSTRAINT "PK_patients" PRIMARY KEY ("Id")
);


CREATE TABLE jobs (
    "Id" uuid NOT NULL,
    "PatientId" uuid NOT NULL,
    "Status" character varying(20) NOT NULL,
    "Progress" integer NOT NULL,
    "Stage" character varying(200),
    "InputsHash" character varying(64) NOT NULL,
    "UploadIds" character varying(4000) NOT NULL,
    "Error" character varying(4000),
    "RequestedBy" uuid NOT NULL,
    "Attempts" integer NOT NULL,
    "CancelRequested" boolean NOT NULL,
    "LeaseOwner" character varying(100),
    "HeartbeatAt" timestamp with time zone,
    "CreatedAt" timestamp with time zone NOT NULL,
    "StartedAt" timestamp with time zone,
    "FinishedAt" timestamp with time zone,
    "PlanId" uuid,
    CONSTRAINT "PK_jobs" PRIMARY KEY ("Id"),
    CONSTRAINT "FK_jobs_patients_PatientId" FOREIGN KEY ("PatientId") REFERENCES patients ("Id") ON DELETE RESTRICT
);


CREATE TABLE plans (
    "Id" uuid NOT NULL,
    "PatientId" uuid NOT NULL,
    "JobId" uuid NOT NULL,
    "Json" text NOT NULL,
    "Provenance" text NOT NULL,
    "InputsHash" character varying(64) NOT NULL,
    "CreatedAt" timestamp with time zone NOT NULL,
    CONSTRAINT "PK_plans" PRIMARY KEY ("Id"),
    CONSTRAINT "FK_plans_patients_PatientId" FOREIGN KEY ("PatientId") REFERENCES patients ("Id") ON DELETE RESTRICT
);


CREATE TABLE uploads (
    "Id" uuid NOT NULL,
    "PatientId" uuid NOT NULL,
    "Kind" character varying(20) NOT NULL,
    "OriginalName" character varying(255) NOT NULL,
    "SizeBytes" bigint NOT NULL,
    "Sha256" character varying(64) NOT NULL,
    "BlobPath" character varying(300) NOT NULL,
    "KeyId" character varying(100) NOT NULL,
    "Status" character varying(20) NOT NULL,
    "UploadedBy" uuid NOT NULL,
    "CreatedAt" timestamp with time zone NOT NULL,
    CONSTRAINT "PK_uploads" PRIMARY KEY ("Id"),
    CONSTRAINT "FK_uploads_patients_PatientId" FOREIGN KEY ("PatientId") REFERENCES patients ("Id") ON DELETE RESTRICT
);


CREATE TABLE users (
    "Id" uuid NOT NULL,
    "UserName" character varying(200) NOT NULL,
    "PasswordHash" character varying(200),
    "Role" character varying(20) NOT NULL,
    "PatientId" uuid,
    "Disabled" boolean NOT NULL,
    "CreatedAt" timestamp with time zone NOT NULL,
    CONSTRAINT "PK_users" PRIMARY KEY ("Id"),
    CONSTRAINT "FK_users_patients_PatientId" FOREIGN KEY ("PatientId") REFERENCES patients ("Id") ON DELETE RESTRICT
);


CREATE TABLE care_team (
    "ClinicianId" uuid NOT NULL,
    "PatientId" uuid NOT NULL,
    "CreatedAt" timestamp with time zone NOT NULL,
    CONSTRAINT "PK_care_team" PRIMARY KEY ("ClinicianId", "PatientId"),
    CONSTRAINT "FK_care_team_patients_PatientId" FOREIGN KEY ("PatientId") REFERENCES patients ("Id") ON DELETE CASCADE,
    CONSTRAINT "FK_care_team_users_ClinicianId" FOREIGN KEY ("ClinicianId") REFERENCES users ("Id") ON DELETE CASCADE
);


CREATE INDEX "IX_audit_PatientId" ON audit ("PatientId");


CREATE INDEX "IX_care_team_PatientId" ON care_team ("PatientId");


CREATE INDEX "IX_jobs_PatientId_InputsHash" ON jobs ("PatientId", "InputsHash");


CREATE INDEX "IX_jobs_Status" ON jobs ("Status");


CREATE UNIQUE INDEX "IX_patients_ExternalId" ON patients ("ExternalId");


CREATE INDEX "IX_plans_PatientId_CreatedAt" ON plans ("PatientId", "CreatedAt");


CREATE INDEX "IX_uploads_PatientId" ON uploads ("PatientId");


CREATE INDEX "IX_users_PatientId" ON users ("PatientId");


CREATE UNIQUE INDEX "IX_users_UserName" ON users ("UserName");

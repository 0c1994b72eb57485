import { sqlMigration } from '../../../db/sql-migration';

/** Prices are data, not code: seeded here, changed by admins afterwards. */
export const CreateFeaturePrices1764000004000 = sqlMigration('CreateFeaturePrices1764000004000', {
  up: [
    `
      CREATE TABLE feature_prices (
        feature varchar(40) PRIMARY KEY,
        credits integer NOT NULL CONSTRAINT feature_prices_credits_range CHECK (credits BETWEEN 1 AND 10000),
        updated_at timestamptz NOT NULL DEFAULT now(),
        updated_by uuid REFERENCES users(id) ON DELETE SET NULL
      )`,
    `
      INSERT INTO feature_prices (feature, credits) VALUES
        ('GENERAL_CLASSIFICATION', 1),
        ('PLACES_CLASSIFICATION', 1),
        ('NSFW_CLASSIFICATION', 1),
        ('OBJECT_DETECTION', 2),
        ('INSTANCE_SEGMENTATION', 3),
        ('TEXT_RECOGNITION', 2),
        ('POSE_ESTIMATION', 2),
        ('BACKGROUND_REMOVAL', 3),
        ('IMAGE_GENERATION', 5),
        ('FACE_DETECTION', 1)`,
  ],
  down: [
    `DROP TABLE feature_prices`,
  ],
});

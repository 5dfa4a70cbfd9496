-- MySQL dump 10.19  Distrib 10.11.6-MariaDB, for debian-linux-gnu (x86_64)
--
-- Host: localhost    Database: opendental
-- ------------------------------------------------------
-- Server version	10.11.6-MariaDB-0+deb12u1

/*!40101 SET @OLD_CHARACTER_SET_CLIENT=@@CHARACTER_SET_CLIENT */;
/*!40101 SET NAMES utf8mb4 */;
/*!40103 SET @OLD_TIME_ZONE=@@TIME_ZONE */;
/*!40103 SET TIME_ZONE='+00:00' */;
/*!40014 SET @OLD_UNIQUE_CHECKS=@@UNIQUE_CHECKS, UNIQUE_CHECKS=0 */;
/*!40111 SET @OLD_SQL_NOTES=@@SQL_NOTES, SQL_NOTES=0 */;

--
-- Table structure for table `adjustment`
--

DROP TABLE IF EXISTS `adjustment`;
/*!40101 SET @saved_cs_client     = @@character_set_client */;
/*!40101 SET character_set_client = utf8 */;
CREATE TABLE `adjustment` (
  `AdjNum` bigint(20) NOT NULL AUTO_INCREMENT,
  `AdjDate` date NOT NULL DEFAULT '0001-01-01',
  `AdjAmt` double NOT NULL DEFAULT 0,
  `AdjNote` text NOT NULL,
  PRIMARY KEY (`AdjNum`)
) ENGINE=InnoDB AUTO_INCREMENT=4 DEFAULT CHARSET=utf8mb3;
/*!40101 SET character_set_client = @saved_cs_client */;

--
-- Dumping data for table `adjustment`
--

LOCK TABLES `adjustment` WRITE;
/*!40000 ALTER TABLE `adjustment` DISABLE KEYS */;
INSERT INTO `adjustment` VALUES (901,'2024-03-02',-25.5,7001,1,1,'Senior discount; see \"note\"\nline two','2024-03-01',0,'2024-03-02',0,0,1,'2024-03-02 10:15:00',0),(902,'2024-03-09',40,7002,17,2,'It\'s the NSF fee','0000-00-00',0,'2024-03-09',0,0,1,'2024-03-09 11:00:00',0);
/*!40000 ALTER TABLE `adjustment` ENABLE KEYS */;
UNLOCK TABLES;

--
-- Dumping data for table `appointment`
--

LOCK TABLES `appointment` WRITE;
INSERT INTO `appointment` VALUES (1,7001,'2024-03-02 09:00:00'),(2,7002,'2024-03-09 09:30:00');
UNLOCK TABLES;

--
-- Dumping data for table `definition`
--

LOCK TABLES `definition` WRITE;
INSERT INTO `definition` VALUES (69,10,0,'Check','',0,0),(391,10,3,'Care\\Credit','',-16777216,1);
UNLOCK TABLES;

--
-- Dumping data for table `patient`
--

LOCK TABLES `patient` WRITE;
INSERT INTO `patient` (`PatNum`, `LName`, `FName`, `PatStatus`, `Guarantor`, `PriProv`, `ClinicNum`, `Birthdate`, `Address`, `EstBalance`, `SchedBeforeTime`, `DateTStamp`) VALUES (7001,'O\'Hara','Maeve',0,7001,1,0,'1980-05-17','12 Elm St\r\nApt 3',14.5,'08:30:00','2024-03-02 10:15:00'),(7002,'O\'Hara','Liam',0,7001,2,0,'2012-11-30','',0,'00:00:00','2024-03-09 11:00:00');
UNLOCK TABLES;

--
-- Dumping data for table `preference`
--

LOCK TABLES `preference` WRITE;
INSERT INTO `preference` VALUES ('RigorousAccounting','2',500,''),('PracticeTitle','Elm Street Dental',501,'Shown on statements');
UNLOCK TABLES;

--
-- Dumping data for table `procedurelog`
--

LOCK TABLES `procedurelog` WRITE;
INSERT INTO `procedurelog` (`ProcNum`,`PatNum`,`ProcDate`,`ProcFee`,`ProcStatus`,`ProvNum`,`CodeNum`,`UnitQty`,`ToothNum`,`DateTStamp`,`DrugQty`) VALUES (8001,7001,'2024-03-02',180,2,1,0,1,'14','2024-03-02 10:15:00',0),(8002,7002,'2024-03-09',95.25,2,2,0,NULL,'','2024-03-09 11:00:00',2.5);
UNLOCK TABLES;
/*!40103 SET TIME_ZONE=@OLD_TIME_ZONE */;

/*!40014 SET UNIQUE_CHECKS=@OLD_UNIQUE_CHECKS */;
/*!40111 SET SQL_NOTES=@OLD_SQL_NOTES */;

-- Dump completed on 2024-03-10  2:00:01
